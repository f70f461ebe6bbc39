// Why a record was not migrated: a code with parameters, stored with the failure and rendered in the reader's
// language (the report is read by Russian users; the web app renders the same codes through its i18n). The
// English text is also stored (`reason`) so a report stays readable without this module.
import type { ImportFailureCode, Locale } from '@voronka/contracts';

export interface FailureReason {
  code: ImportFailureCode;
  params: Record<string, string>;
}

const ENTITY: Record<Locale, Record<string, string>> = {
  en: { company: 'company', contact: 'contact', deal: 'deal' },
  ru: { company: 'компания', contact: 'контакт', deal: 'сделка' },
};

const TEXT: Record<Locale, Record<ImportFailureCode, (p: Record<string, string>) => string>> = {
  en: {
    pipeline_not_migrated: (p) => `Its pipeline ${p.pipelineId} (stage ${p.stageId}) is not in the migration`,
    linked_record_missing: (p) =>
      `Its ${ENTITY.en[p.entity ?? ''] ?? p.entity} ${p.id} does not exist in amoCRM or was not migrated`,
    parent_not_migrated: (p) => `Its record ${p.id} is not in the migration`,
    refused: (p) => `Voronka refused the record: ${p.detail}`,
    file_not_downloaded: (p) =>
      `The file “${p.name}” could not be downloaded from amoCRM (${p.detail}); the event is migrated without it`,
    file_too_large: (p) =>
      `The file “${p.name}” is larger than the limit of ${p.limit} bytes; the event is migrated without it`,
    file_legacy: (p) =>
      `The file “${p.name}” is in amoCRM’s old storage, which its API gives no download address for; the event is migrated with the file’s name`,
  },
  ru: {
    pipeline_not_migrated: (p) =>
      `Воронка сделки ${p.pipelineId} (этап ${p.stageId}) не выбрана для переноса`,
    linked_record_missing: (p) =>
      `Связанная запись (${ENTITY.ru[p.entity ?? ''] ?? p.entity} ${p.id}) не существует в amoCRM или не была перенесена`,
    parent_not_migrated: (p) => `Запись ${p.id}, к которой относится событие, не выбрана для переноса`,
    refused: (p) => `Запись не принята: ${p.detail}`,
    file_not_downloaded: (p) =>
      `Файл «${p.name}» не удалось скачать из amoCRM (${p.detail}); событие перенесено без файла`,
    file_too_large: (p) =>
      `Файл «${p.name}» больше допустимого размера (${p.limit} байт); событие перенесено без файла`,
    file_legacy: (p) =>
      `Файл «${p.name}» хранится в старом хранилище amoCRM, API которого не даёт ссылку для скачивания; событие перенесено с именем файла`,
  },
};

/** The reason in `locale`; a failure recorded before codes keeps its stored text. */
export function failureText(
  reason: { code: ImportFailureCode | null; params: Record<string, string>; text: string },
  locale: Locale,
): string {
  return reason.code ? TEXT[locale][reason.code](reason.params) : reason.text;
}

export const failure = (code: ImportFailureCode, params: Record<string, string>): FailureReason => ({
  code,
  params,
});
