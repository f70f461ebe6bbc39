// Human column names of spreadsheet files, in English and Russian: export writes them as headers, and import
// recognises them (and a few common synonyms) to pre-map the columns of a file it has not seen before.
import type { SpreadsheetEntity, SpreadsheetField } from '@voronka/contracts';

export type Lang = 'en' | 'ru';

/** Export-only columns (read-only values an import does not write). */
export type ExportOnlyColumn = 'createdAt' | 'status' | 'company';

const LABELS: Record<SpreadsheetField | ExportOnlyColumn, Record<Lang, string>> = {
  fullName: { en: 'Full name', ru: 'ФИО' },
  name: { en: 'Name', ru: 'Название' },
  lastName: { en: 'Last name', ru: 'Фамилия' },
  firstName: { en: 'First name', ru: 'Имя' },
  middleName: { en: 'Middle name', ru: 'Отчество' },
  position: { en: 'Position', ru: 'Должность' },
  companyName: { en: 'Company name', ru: 'Название компании' },
  phone: { en: 'Phone', ru: 'Телефон' },
  email: { en: 'E-mail', ru: 'E-mail' },
  site: { en: 'Website', ru: 'Сайт' },
  address: { en: 'Address', ru: 'Адрес' },
  comment: { en: 'Comment', ru: 'Комментарий' },
  responsible: { en: 'Responsible', ru: 'Ответственный' },
  inn: { en: 'INN', ru: 'ИНН' },
  amount: { en: 'Amount', ru: 'Сумма' },
  currency: { en: 'Currency', ru: 'Валюта' },
  pipeline: { en: 'Pipeline', ru: 'Воронка' },
  stage: { en: 'Stage', ru: 'Этап' },
  startDate: { en: 'Start date', ru: 'Дата начала' },
  closeDate: { en: 'Close date', ru: 'Дата закрытия' },
  tags: { en: 'Tags', ru: 'Теги' },
  createdAt: { en: 'Created', ru: 'Создан' },
  status: { en: 'Status', ru: 'Статус' },
  company: { en: 'Company', ru: 'Компания' },
};

/** Other ways people title these columns (lower case). */
const SYNONYMS: Partial<Record<SpreadsheetField, string[]>> = {
  fullName: ['full name', 'фио', 'контакт', 'contact', 'контактное лицо'],
  phone: ['phone', 'phones', 'телефон', 'телефоны', 'тел', 'тел.', 'mobile', 'мобильный', 'рабочий телефон'],
  email: ['e-mail', 'email', 'e-mails', 'emails', 'почта', 'эл. почта', 'электронная почта'],
  site: ['website', 'site', 'сайт', 'web'],
  responsible: ['responsible', 'ответственный', 'менеджер', 'manager', 'owner'],
  name: ['name', 'название', 'наименование', 'title'],
  companyName: ['company', 'компания', 'организация'],
  amount: ['amount', 'сумма', 'бюджет', 'budget'],
  inn: ['inn', 'инн', 'tin'],
};

export const labelOf = (column: SpreadsheetField | ExportOnlyColumn, lang: Lang) => LABELS[column][lang];

const normalize = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s*[:*]$/, '');

/** The standard field a header names, when it is one the entity has. */
export function guessField(
  header: string,
  fields: readonly SpreadsheetField[],
  entity: SpreadsheetEntity,
): SpreadsheetField | undefined {
  const h = normalize(header);
  if (!h) return undefined;
  for (const field of fields) {
    const names = [LABELS[field].en, LABELS[field].ru, ...(SYNONYMS[field] ?? [])].map(normalize);
    if (names.includes(h)) return field;
  }
  // Contacts have no "name" field of their own: their name column is the full name.
  if (entity === 'contacts' && ['name', 'имя и фамилия'].includes(h)) return 'fullName';
  return undefined;
}

/** The language of a request: `lang` when given, else the first Accept-Language that is one of ours. */
export function langOf(explicit: string | undefined, acceptLanguage: string | undefined): Lang {
  if (explicit === 'ru' || explicit === 'en') return explicit;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'ru' ? 'ru' : 'en';
}
