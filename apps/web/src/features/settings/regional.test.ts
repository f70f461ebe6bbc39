import { describe, expect, it } from 'vitest';
import {
  COMMON_CURRENCIES,
  currencyLabel,
  currencyOptions,
  RUSSIAN_TIME_ZONES,
  supportedTimeZones,
  timeZoneGroups,
  timeZoneLabel,
  utcOffset,
} from './regional';

const GROUPS = { russia: 'Russia', other: 'Other' };

describe('currencies', () => {
  it('names a currency in the interface language, capitalised', () => {
    expect(currencyLabel('RUB', 'ru')).toBe('RUB — Российский рубль');
    expect(currencyLabel('RUB', 'en')).toMatch(/^RUB — Russian [Rr]uble$/);
    expect(currencyLabel('EUR', 'ru')).toBe('EUR — Евро');
  });

  it('falls back to the bare code for an unknown currency', () => {
    expect(currencyLabel('XQQ', 'en')).toBe('XQQ');
  });

  it('offers the common currencies, rouble first, and keeps the account’s own', () => {
    const options = currencyOptions('en');
    expect(options.map((o) => o.value)).toEqual([...COMMON_CURRENCIES]);
    expect(options[0]?.value).toBe('RUB');
    expect(currencyOptions('en', 'CHF').map((o) => o.value)).toEqual([...COMMON_CURRENCIES, 'CHF']);
    expect(currencyOptions('en', 'USD')).toHaveLength(COMMON_CURRENCIES.length);
  });
});

describe('time zones', () => {
  const winter = new Date('2025-01-15T12:00:00Z');
  const summer = new Date('2025-07-15T12:00:00Z');

  it('shows the offset from UTC at a given moment', () => {
    expect(utcOffset('Europe/Moscow', winter)).toBe('UTC+03:00');
    expect(utcOffset('Asia/Kolkata', winter)).toBe('UTC+05:30');
    expect(utcOffset('UTC', winter)).toBe('UTC+00:00');
    expect(utcOffset('America/New_York', winter)).toBe('UTC-05:00');
    expect(utcOffset('America/New_York', summer)).toBe('UTC-04:00');
    expect(utcOffset('Not/A_Zone', winter)).toBeUndefined();
    expect(timeZoneLabel('America/New_York', winter)).toBe('America/New York (UTC-05:00)');
  });

  it('lists Russia’s zones first, then the rest with UTC on top', () => {
    const zones = supportedTimeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Moscow');
    const [russia, other] = timeZoneGroups(GROUPS, 'Europe/Moscow', zones, winter);
    expect(russia?.group).toBe('Russia');
    expect(russia?.items.map((o) => o.value)).toEqual([...RUSSIAN_TIME_ZONES]);
    expect(russia?.items[1]).toEqual({ value: 'Europe/Moscow', label: 'Europe/Moscow (UTC+03:00)' });
    expect(other?.items[0]?.value).toBe('UTC');
    const values = other?.items.map((o) => o.value) ?? [];
    expect(values).not.toContain('Europe/Moscow');
    expect(values).toContain('Europe/Berlin');
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps the account’s zone when the browser does not list it', () => {
    const [, other] = timeZoneGroups(GROUPS, 'Europe/Kiev', ['Europe/Berlin', 'UTC'], winter);
    expect(other?.items.map((o) => o.value)).toEqual(['UTC', 'Europe/Berlin', 'Europe/Kiev']);
  });
});
