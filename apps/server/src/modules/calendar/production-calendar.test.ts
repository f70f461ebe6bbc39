import { describe, expect, it } from 'vitest';
import data from './ru-production-calendar.json' with { type: 'json' };
import {
  coveredYears,
  dayKind,
  dayNumber,
  isoWeekdayOf,
  OutsideCalendarError,
  productionYear,
  workingDaysBetween,
} from './production-calendar.js';

const years = data.years as Record<
  string,
  { holidays: string[]; working_weekends: string[]; shortened: string[]; transfers: { to: string }[] }
>;

describe('dayKind', () => {
  it.each([
    ['2026-01-01', 'Новогодние каникулы'],
    ['2026-01-07', 'Рождество Христово'],
    ['2026-02-23', 'День защитника Отечества'],
    ['2026-05-01', 'Праздник Весны и Труда'],
    ['2026-06-12', 'День России'],
    ['2026-11-04', 'День народного единства'],
    ['2027-03-08', 'Международный женский день'],
  ])('%s is the public holiday «%s»', (date, name) =>
    expect(dayKind(date)).toEqual({ date, kind: 'holiday', name, statutory: true }),
  );

  it.each([
    ['2026-01-09', 'Выходной день (перенесён с 3 января)'],
    ['2026-03-09', 'Выходной день (перенесён с 8 марта)'],
    ['2026-05-11', 'Выходной день (перенесён с 9 мая)'],
    ['2026-12-31', 'Выходной день (перенесён с 4 января)'],
    ['2025-05-08', 'Выходной день (перенесён с 23 февраля)'],
    ['2025-11-03', 'Выходной день (перенесён с 1 ноября)'],
    ['2027-02-22', 'Выходной день (перенесён с 20 февраля)'],
  ])('%s is a transferred day off «%s»', (date, name) =>
    expect(dayKind(date)).toEqual({ date, kind: 'holiday', name, statutory: false }),
  );

  it('a public holiday on a weekend is still a holiday (it matters to those who work weekends)', () => {
    expect(dayKind('2026-01-03')).toMatchObject({ kind: 'holiday', name: 'Новогодние каникулы' });
    expect(dayKind('2026-05-09')).toMatchObject({ kind: 'holiday', name: 'День Победы' });
  });

  it('working weekends are working days, shortened as published', () => {
    expect(dayKind('2025-11-01')).toEqual({ date: '2025-11-01', kind: 'shortened', workingWeekend: true });
    expect(dayKind('2027-02-20')).toEqual({ date: '2027-02-20', kind: 'shortened', workingWeekend: true });
  });

  it('decrees override the automatic moves: 24 Feb and 10 Mar 2025 are ordinary working days', () => {
    expect(dayKind('2025-02-24').kind).toBe('working');
    expect(dayKind('2025-03-10').kind).toBe('working');
  });

  it('no shortening before a transferred day off or across a weekend', () => {
    for (const date of ['2025-12-30', '2025-05-07', '2026-12-30', '2026-02-20', '2026-03-06'])
      expect(dayKind(date), date).toEqual({ date, kind: 'working', workingWeekend: false });
  });

  it('knows the shortened pre-holiday days of 2026', () => {
    for (const date of ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'])
      expect(dayKind(date).kind, date).toBe('shortened');
  });

  it('plain weekends and weekdays', () => {
    expect(dayKind('2026-01-10')).toEqual({ date: '2026-01-10', kind: 'weekend' });
    expect(dayKind('2026-01-12')).toEqual({ date: '2026-01-12', kind: 'working', workingWeekend: false });
  });

  it('refuses dates outside the covered years instead of guessing', () => {
    expect(() => dayKind('2024-12-31')).toThrow(OutsideCalendarError);
    expect(() => dayKind('2028-01-01')).toThrow(/covers 2025–2027; 2028-01-01 is outside it/);
    expect(() => dayKind('2026-02-30')).toThrow(RangeError);
    expect(() => dayKind('01.01.2026')).toThrow(RangeError);
  });
});

describe('workingDaysBetween (both ends included)', () => {
  it('247 working days in each covered year', () => {
    for (const year of coveredYears) expect(workingDaysBetween(`${year}-01-01`, `${year}-12-31`)).toBe(247);
  });
  it('counts the working Saturday 2025-11-01 and skips 2–4 November', () =>
    expect(workingDaysBetween('2025-10-27', '2025-11-09')).toBe(9));
  it('January 2026 has 15 working days', () =>
    expect(workingDaysBetween('2026-01-01', '2026-01-31')).toBe(15));
  it('crosses years', () => expect(workingDaysBetween('2025-12-29', '2026-01-12')).toBe(3));
  it('refuses a reversed range and dates outside the calendar', () => {
    expect(() => workingDaysBetween('2026-02-01', '2026-01-01')).toThrow(RangeError);
    expect(() => workingDaysBetween('2027-12-01', '2028-01-31')).toThrow(OutsideCalendarError);
  });
});

describe('productionYear', () => {
  it('2026: 247 working days, 118 days off, 1972 h at 40 h/week', () => {
    const year = productionYear(2026);
    expect(year).toMatchObject({
      year: 2026,
      calendarDays: 365,
      workingDays: 247,
      daysOff: 118,
      shortenedDays: 4,
      normHours: { week40: 1972, week36: 1774.4, week24: 1181.6 },
      workingWeekends: [],
      shortenedDates: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
    });
    expect(year.decree).toContain('№ 1466');
    expect(year.holidays.filter((h) => !h.weekend)).toHaveLength(14);
    expect(year.holidays.find((h) => h.date === '2026-01-03')).toEqual({
      date: '2026-01-03',
      name: 'Новогодние каникулы',
      statutory: true,
      weekend: true,
    });
  });

  // The monthly figures published with each calendar (working days / hours at 40 h/week).
  const published: Record<number, [number, number][]> = {
    2025: [[17, 136], [20, 160], [21, 167], [22, 175], [18, 144], [19, 151], [23, 184], [21, 168], [22, 176], [23, 184], [19, 151], [22, 176]], // prettier-ignore
    2026: [[15, 120], [19, 152], [21, 168], [22, 175], [19, 151], [21, 167], [23, 184], [21, 168], [22, 176], [22, 176], [20, 159], [22, 176]], // prettier-ignore
    2027: [[15, 120], [19, 151], [22, 176], [22, 175], [19, 152], [21, 167], [22, 176], [22, 176], [22, 176], [21, 168], [20, 159], [22, 176]], // prettier-ignore
  };
  it.each(coveredYears)('%i matches the published monthly figures and totals', (y) => {
    const year = productionYear(y);
    expect(year.months.map((m) => [m.workingDays, m.normHours.week40])).toEqual(published[y]);
    expect([year.workingDays, year.daysOff, year.normHours.week40]).toEqual([247, 118, 1972]);
  });

  it('refuses a year it does not have', () =>
    expect(() => productionYear(2028)).toThrow(OutsideCalendarError));
});

describe('the data file', () => {
  it('covers 2025–2027', () => expect(coveredYears).toEqual([2025, 2026, 2027]));
  it.each(Object.entries(years))('%s is consistent', (year, entry) => {
    for (const date of entry.holidays) {
      expect(date.startsWith(year), date).toBe(true);
      expect(isoWeekdayOf(dayNumber(date)), `${date} is a weekday`).toBeLessThanOrEqual(5);
      const info = dayKind(date);
      // A day off that is not a public holiday must say where it was transferred from.
      if (info.kind === 'holiday' && !info.statutory)
        expect(
          entry.transfers.map((t) => t.to),
          date,
        ).toContain(date);
    }
    for (const date of entry.working_weekends)
      expect(isoWeekdayOf(dayNumber(date)), `${date} is a weekend`).toBeGreaterThanOrEqual(6);
    for (const date of entry.shortened) expect(dayKind(date).kind, date).toBe('shortened');
  });
});
