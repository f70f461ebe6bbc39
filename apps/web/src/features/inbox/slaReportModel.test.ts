import { describe, expect, it } from 'vitest';
import {
  defaultRange,
  formatDuration,
  formatShare,
  isEmptyReport,
  periodInstants,
  presetOf,
  presetRange,
  readRange,
  reportRows,
  sourceLabel,
} from './slaReportModel';

const MOSCOW = 'Europe/Moscow';
// 3 December 2026, 23:30 in Moscow — already 4 December in Vladivostok, still 3 December in UTC.
const now = new Date('2026-12-03T20:30:00Z');
const ru = { d: 'д', h: 'ч', min: 'мин', s: 'с' };
const en = { d: 'd', h: 'h', min: 'min', s: 's' };

describe('the report period', () => {
  it('counts presets back from today in the account’s zone, today included', () => {
    expect(presetRange('today', now, MOSCOW)).toEqual({ from: '2026-12-03', to: '2026-12-03' });
    expect(presetRange('week', now, MOSCOW)).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(presetRange('month', now, MOSCOW)).toEqual({ from: '2026-11-04', to: '2026-12-03' });
    expect(presetRange('today', now, 'Asia/Vladivostok')).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(defaultRange(now, MOSCOW)).toEqual(presetRange('month', now, MOSCOW));
  });

  it('recognises a preset, and nothing else', () => {
    expect(presetOf({ from: '2026-11-27', to: '2026-12-03' }, now, MOSCOW)).toBe('week');
    expect(presetOf({ from: '2026-11-28', to: '2026-12-03' }, now, MOSCOW)).toBeNull();
    expect(presetOf({ from: '', to: '2026-12-03' }, now, MOSCOW)).toBeNull();
  });

  it('sends the start of the first day and, exclusive, the start of the day after the last one', () => {
    expect(periodInstants({ from: '2026-11-04', to: '2026-12-03' }, MOSCOW)).toEqual({
      ok: true,
      from: '2026-11-03T21:00:00.000Z',
      to: '2026-12-03T21:00:00.000Z',
    });
    // One day in New York across the end of daylight saving time (1 November 2026): 25 hours.
    expect(periodInstants({ from: '2026-11-01', to: '2026-11-01' }, 'America/New_York')).toEqual({
      ok: true,
      from: '2026-11-01T04:00:00.000Z',
      to: '2026-11-02T05:00:00.000Z',
    });
    // The last day of a month rolls into the next one.
    expect(periodInstants({ from: '2026-12-31', to: '2026-12-31' }, 'UTC')).toEqual({
      ok: true,
      from: '2026-12-31T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('leaves an empty side open and refuses an end before the start, on the end field', () => {
    expect(periodInstants({ from: '', to: '2026-12-03' }, MOSCOW)).toEqual({
      ok: true,
      from: null,
      to: '2026-12-03T21:00:00.000Z',
    });
    expect(periodInstants({ from: '', to: '' }, MOSCOW)).toEqual({ ok: true, from: null, to: null });
    expect(periodInstants({ from: '2026-12-03', to: '2026-12-02' }, MOSCOW)).toEqual({
      ok: false,
      field: 'to',
      reason: 'beforeFrom',
    });
  });

  it('reads the period from the address: missing takes the default, empty is open, garbage is dropped', () => {
    const fallback = { from: '2026-11-04', to: '2026-12-03' };
    expect(readRange(new URLSearchParams(''), fallback)).toEqual(fallback);
    expect(readRange(new URLSearchParams('from=2026-10-01'), fallback)).toEqual({
      from: '2026-10-01',
      to: '2026-12-03',
    });
    expect(readRange(new URLSearchParams('from=&to=yesterday'), fallback)).toEqual({ from: '', to: '' });
  });
});

describe('the report figures', () => {
  it('writes a response time with its two largest units', () => {
    expect(formatDuration(270, ru)).toBe('4 мин 30 с');
    expect(formatDuration(270, en)).toBe('4 min 30 s');
    expect(formatDuration(44.6, en)).toBe('45 s');
    expect(formatDuration(240, en)).toBe('4 min');
    expect(formatDuration(3600 * 2 + 300 + 9, en)).toBe('2 h 5 min');
    expect(formatDuration(3600 + 9, en)).toBe('1 h');
    expect(formatDuration(86_400 * 3 + 3600 * 4 + 60, ru)).toBe('3 д 4 ч');
    expect(formatDuration(0.2, en)).toBe('0 s');
    expect(formatDuration(null, en)).toBe('—');
  });

  it('writes the share in time as a percentage that never rounds up to 100', () => {
    expect(formatShare(1, 'en')).toBe('100%');
    expect(formatShare(0.5, 'en')).toBe('50%');
    expect(formatShare(2 / 3, 'en')).toBe('66.6%');
    expect(formatShare(0.9999, 'en')).toBe('99.9%');
    expect(formatShare(0, 'en')).toBe('0%');
    expect(formatShare(0.25, 'ru')).toBe('25\u00a0%');
    expect(formatShare(null, 'ru')).toBe('—');
  });

  it('puts the weak spots first and leaves out groups with nothing answered or overdue', () => {
    const row = (name: string, total: number, share: number | null) => ({ name, total, shareInTime: share });
    const rows = [
      row('Анна', 10, 0.9),
      row('Борис', 4, 0.5),
      row('Вера', 0, null),
      row('Глеб', 8, 0.5),
      row('Дарья', 2, 1),
      row('Алла', 4, 0.5),
    ];
    expect(reportRows(rows, (r) => r.name, 'ru').map((r) => r.name)).toEqual([
      'Глеб',
      'Алла',
      'Борис',
      'Анна',
      'Дарья',
    ]);
  });

  it('is empty when no request of the period was answered or overdue', () => {
    const figures = { total: 0, answeredInTime: 0, shareInTime: null, medianResponseSeconds: null };
    expect(isEmptyReport({ byManager: [], bySource: [] })).toBe(true);
    expect(
      isEmptyReport({
        byManager: [{ userId: null, ...figures }],
        bySource: [{ source: 'form:A', ...figures }],
      }),
    ).toBe(true);
    expect(
      isEmptyReport({
        byManager: [{ userId: null, ...figures, total: 1, answeredInTime: 1, shareInTime: 1 }],
        bySource: [{ source: 'form:A', ...figures, total: 1, answeredInTime: 1, shareInTime: 1 }],
      }),
    ).toBe(false);
  });

  it('names a source as the inbox does', () => {
    expect(sourceLabel('form:Замер', 'Форма: ')).toBe('Форма: Замер');
    expect(sourceLabel('api', 'Form: ')).toBe('api');
  });
});
