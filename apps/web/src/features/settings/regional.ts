// Choices for the account's regional settings (PLAT-2): currencies by ISO 4217 code, named in the
// interface language by Intl.DisplayNames, and IANA time zones with their current UTC offset.
import type { Locale } from '@voronka/contracts';

/** Currencies offered in the picker: the rouble first, then those of the region's neighbours. */
export const COMMON_CURRENCIES = [
  'RUB',
  'USD',
  'EUR',
  'KZT',
  'BYN',
  'UAH',
  'UZS',
  'KGS',
  'AMD',
  'GEL',
  'AZN',
  'CNY',
  'TRY',
] as const;

/** Russia's time zones from west to east; listed before all the others. */
export const RUSSIAN_TIME_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
] as const;

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  group: string;
  items: Option[];
}

const capitalize = (text: string, locale: Locale) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

/** «RUB — Российский рубль» / «RUB — Russian Ruble»; just the code when the name is unknown. */
export function currencyLabel(code: string, locale: Locale, names?: Intl.DisplayNames): string {
  let name: string | undefined;
  try {
    name = (names ?? new Intl.DisplayNames([locale], { type: 'currency', fallback: 'none' })).of(code);
  } catch {
    name = undefined;
  }
  return name === undefined || name === '' || name === code ? code : `${code} — ${capitalize(name, locale)}`;
}

/** The common currencies, plus the account's own when it is not one of them. */
export function currencyOptions(locale: Locale, current?: string): Option[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([locale], { type: 'currency', fallback: 'none' });
  } catch {
    names = undefined;
  }
  const codes: string[] = [...COMMON_CURRENCIES];
  if (current !== undefined && current !== '' && !codes.includes(current)) codes.push(current);
  return codes.map((code) => ({ value: code, label: currencyLabel(code, locale, names) }));
}

/** Every IANA zone the browser knows, and UTC. */
export function supportedTimeZones(): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** The zone's offset from UTC at `date`, as «UTC+03:00» («UTC-03:30» west of Greenwich). */
export function utcOffset(timeZone: string, date: Date = new Date()): string | undefined {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part === undefined) return undefined;
    const offset = part.replace(/^GMT/, '');
    return `UTC${offset === '' ? '+00:00' : offset}`;
  } catch {
    return undefined;
  }
}

/** «Europe/Moscow (UTC+03:00)»; underscores read as spaces («America/New York»). */
export function timeZoneLabel(timeZone: string, date: Date = new Date()): string {
  const name = timeZone.replaceAll('_', ' ');
  const offset = utcOffset(timeZone, date);
  return offset === undefined ? name : `${name} (${offset})`;
}

/**
 * Time zones for the picker in two groups: Russia's, west to east, then the rest alphabetically.
 * The account's own zone is kept even when this browser does not list it.
 */
export function timeZoneGroups(
  groupNames: { russia: string; other: string },
  current?: string,
  zones: readonly string[] = supportedTimeZones(),
  date: Date = new Date(),
): OptionGroup[] {
  const russian = new Set<string>(RUSSIAN_TIME_ZONES);
  const others = zones.filter((zone) => !russian.has(zone));
  if (current !== undefined && current !== '' && !russian.has(current) && !others.includes(current))
    others.push(current);
  others.sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b, 'en')));
  const option = (zone: string): Option => ({ value: zone, label: timeZoneLabel(zone, date) });
  return [
    { group: groupNames.russia, items: RUSSIAN_TIME_ZONES.map(option) },
    { group: groupNames.other, items: others.map(option) },
  ];
}
