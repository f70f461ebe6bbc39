// What every part of the deal card reads besides the deal: the pipeline, users, custom fields, lists and
// the account's currency and time zone.
import type { CustomField, Deal, Locale, Pipeline, ReferenceListItem, Stage, User } from '@voronka/contracts';

export interface CardData {
  deal: Deal;
  pipelines: Pipeline[];
  pipeline: Pipeline | undefined;
  /** The pipeline's stages, first to last. */
  stages: Stage[];
  users: User[];
  /** Custom fields of this deal's pipeline, in their sort order. */
  fields: CustomField[];
  allFields: CustomField[];
  sources: ReferenceListItem[];
  lossReasons: ReferenceListItem[];
  currency: string;
  timeZone: string;
  locale: Locale;
  /** Reasons the last stage move was refused, by field path (`customFields.<id>`). */
  stageErrors: Readonly<Record<string, string>>;
  clearStageError: (field: string) => void;
  setStageErrors: (errors: Record<string, string>) => void;
}

export const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'CNY', 'UZS', 'AMD', 'KGS'] as const;

/** Users one may assign: the active ones, plus whoever is assigned already. */
export function assignableUsers(users: readonly User[], current: readonly (string | null)[] = []): User[] {
  return users.filter((user) => user.active || current.includes(user.id));
}

/** A reference list's live items, plus the one the record uses even when it is archived. */
export function pickable(items: readonly ReferenceListItem[], current: string | null): ReferenceListItem[] {
  return items.filter((item) => !item.archived || item.id === current);
}
