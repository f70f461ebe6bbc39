import { describe, expect, it } from 'vitest';
import type { CustomField } from '@voronka/contracts';
import {
  byDay,
  customDateFields,
  customRangeFilter,
  daysOf,
  fieldValues,
  inMonth,
  rangeOf,
  shift,
  weekday,
} from './calendarModel';

describe('calendar periods', () => {
  it('counts weekdays from Monday', () => {
    expect(weekday('2026-12-14')).toBe(0); // Monday
    expect(weekday('2026-12-20')).toBe(6); // Sunday
  });

  it('shows one day, a Monday-to-Sunday week, or the whole weeks around a month', () => {
    expect(rangeOf('day', '2026-12-15')).toEqual({
      from: '2026-12-15',
      to: '2026-12-15',
      days: ['2026-12-15'],
    });
    const week = rangeOf('week', '2026-12-17');
    expect([week.from, week.to, week.days.length]).toEqual(['2026-12-14', '2026-12-20', 7]);
    // December 2026 starts on a Tuesday and ends on a Thursday.
    const month = rangeOf('month', '2026-12-15');
    expect([month.from, month.to, month.days.length]).toEqual(['2026-11-30', '2027-01-03', 35]);
    // A week across a year's end.
    expect(rangeOf('week', '2027-01-01').from).toBe('2026-12-28');
  });

  it('moves by a day, a week or a month, from the first of the month', () => {
    expect(shift('day', '2026-12-31', 1)).toBe('2027-01-01');
    expect(shift('week', '2026-12-15', -1)).toBe('2026-12-08');
    expect(shift('month', '2026-01-31', 1)).toBe('2026-02-01');
    expect(shift('month', '2026-01-15', -1)).toBe('2025-12-01');
    expect(inMonth('2026-11-30', '2026-12-15')).toBe(false);
  });
});

describe('records on days', () => {
  const record = {
    createdAt: '2026-12-14T22:30:00Z',
    closeDate: '2026-12-20',
    customFields: { f1: ['2026-12-01', '2026-12-02'], f2: null },
  };

  it('reads built-in and custom fields, multiple values as several', () => {
    expect(fieldValues(record, 'closeDate')).toEqual(['2026-12-20']);
    expect(fieldValues(record, 'cf:f1')).toEqual(['2026-12-01', '2026-12-02']);
    expect(fieldValues(record, 'cf:f2')).toEqual([]);
  });

  it("puts an instant on its day in the account's time zone", () => {
    expect(daysOf([record.createdAt], 'instant', 'Europe/Moscow')).toEqual(['2026-12-15']);
    expect(daysOf([record.createdAt], 'instant', 'UTC')).toEqual(['2026-12-14']);
    expect(daysOf(['2026-12-20', 'nonsense'], 'date', 'UTC')).toEqual(['2026-12-20']);
  });

  it('groups records by day and leaves out days outside the period', () => {
    const range = rangeOf('week', '2026-12-15');
    const grouped = byDay(
      [
        { id: 'a', days: ['2026-12-15'] },
        { id: 'b', days: ['2026-12-15', '2026-12-30'] },
      ],
      (r) => r.days,
      range,
    );
    expect([...grouped.keys()]).toEqual(['2026-12-15']);
    expect(grouped.get('2026-12-15')?.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('filters custom date fields by days and date-time fields by the instants the days span', () => {
    const field = (type: 'date' | 'datetime' | 'string') =>
      ({ id: `id-${type}`, type, name: type }) as unknown as CustomField;
    const fields = customDateFields([field('date'), field('datetime'), field('string')]);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['cf:id-date', 'date'],
      ['cf:id-datetime', 'instant'],
    ]);
    const range = rangeOf('day', '2026-12-15');
    expect(JSON.parse(customRangeFilter(fields[0]!, range, 'Europe/Moscow') ?? '')).toEqual({
      'id-date': { op: 'between', from: '2026-12-15', to: '2026-12-15' },
    });
    const filter = JSON.parse(customRangeFilter(fields[1]!, range, 'Europe/Moscow') ?? '') as Record<
      string,
      { from: string; to: string }
    >;
    expect(Date.parse(filter['id-datetime']!.from)).toBe(Date.parse('2026-12-14T21:00:00Z'));
    expect(Date.parse(filter['id-datetime']!.to)).toBe(Date.parse('2026-12-15T20:59:59.999Z'));
  });
});
