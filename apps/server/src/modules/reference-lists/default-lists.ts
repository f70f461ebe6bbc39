// The lists a new account starts with (Bitrix24's familiar defaults), in the account's language.
import type { ReferenceListName } from '@voronka/contracts';

const lists: Record<ReferenceListName, { ru: string[]; en: string[] }> = {
  sources: {
    ru: [
      'Звонок',
      'Электронная почта',
      'Веб-сайт',
      'Реклама',
      'Существующий клиент',
      'По рекомендации',
      'Выставка',
      'Другое',
    ],
    en: ['Call', 'E-mail', 'Website', 'Advertising', 'Existing client', 'Referral', 'Trade show', 'Other'],
  },
  contact_types: {
    ru: ['Клиенты', 'Поставщики', 'Партнёры', 'Другое'],
    en: ['Clients', 'Suppliers', 'Partners', 'Other'],
  },
  company_types: {
    ru: ['Клиент', 'Поставщик', 'Конкурент', 'Партнёр', 'Другое'],
    en: ['Client', 'Supplier', 'Competitor', 'Partner', 'Other'],
  },
  industries: {
    ru: [
      'Информационные технологии',
      'Телекоммуникации и связь',
      'Производство',
      'Торговля',
      'Строительство',
      'Банковские услуги',
      'Консалтинг',
      'Логистика и доставка',
      'Образование',
      'Некоммерческая организация',
      'Другое',
    ],
    en: [
      'Information technology',
      'Telecommunications',
      'Manufacturing',
      'Retail and wholesale',
      'Construction',
      'Banking',
      'Consulting',
      'Logistics and delivery',
      'Education',
      'Non-profit',
      'Other',
    ],
  },
  loss_reasons: {
    ru: ['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не выходит на связь', 'Неактуально', 'Другое'],
    en: ['Too expensive', 'Chose a competitor', 'No budget', 'Not responding', 'No longer needed', 'Other'],
  },
};

export function defaultLists(locale: string): [ReferenceListName, string[]][] {
  return Object.entries(lists).map(([list, names]) => [
    list as ReferenceListName,
    locale === 'en' ? names.en : names.ru,
  ]);
}
