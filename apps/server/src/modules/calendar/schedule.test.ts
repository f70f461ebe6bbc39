import { describe, expect, it } from 'vitest';
import {
  cutLastHour,
  DEFAULT_SCHEDULE,
  minutesOf,
  normalizeSchedule,
  scheduleProblems,
  workingMinutes,
} from './schedule.js';

const day = (
  intervals: [string, string][],
  lunch: [string, string] | null = null,
  weekday = 1,
): {
  weekday: number;
  intervals: { start: string; end: string }[];
  lunch: { start: string; end: string } | null;
} => ({
  weekday,
  intervals: intervals.map(([start, end]) => ({ start, end })),
  lunch: lunch ? { start: lunch[0], end: lunch[1] } : null,
});

describe('scheduleProblems', () => {
  it('accepts the default schedule, touching intervals and a day ending at midnight', () => {
    expect(scheduleProblems(DEFAULT_SCHEDULE)).toEqual([]);
    expect(
      scheduleProblems([
        day([
          ['09:00', '13:00'],
          ['13:00', '18:00'],
        ]),
      ]),
    ).toEqual([]);
    expect(scheduleProblems([day([['20:00', '24:00']])])).toEqual([]);
  });
  it('names an interval that ends before (or when) it starts', () => {
    expect(scheduleProblems([day([['18:00', '09:00']])])).toEqual([
      { field: 'body.days.0.intervals.0.end', reason: 'must be after the start' },
    ]);
    expect(scheduleProblems([day([['09:00', '09:00']])])[0]?.field).toBe('body.days.0.intervals.0.end');
  });
  it('names the later of two overlapping intervals', () => {
    expect(
      scheduleProblems([
        day([
          ['09:00', '13:00'],
          ['12:00', '18:00'],
        ]),
      ]),
    ).toEqual([{ field: 'body.days.0.intervals.1', reason: 'overlaps intervals.0' }]);
    // Listed out of order: still the one listed second.
    expect(
      scheduleProblems([
        day([
          ['12:00', '18:00'],
          ['09:00', '13:00'],
        ]),
      ])[0]?.field,
    ).toBe('body.days.0.intervals.1');
  });
  it('refuses the same weekday twice', () => {
    expect(scheduleProblems([day([['09:00', '18:00']]), day([['10:00', '12:00']])])).toEqual([
      { field: 'body.days.1.weekday', reason: 'weekday 1 is already in days.0' },
    ]);
  });
  it('wants the lunch break inside one working interval, ending after it starts', () => {
    expect(scheduleProblems([day([['09:00', '18:00']], ['17:30', '18:30'])])).toEqual([
      { field: 'body.days.0.lunch', reason: 'must lie inside one of the working intervals' },
    ]);
    expect(scheduleProblems([day([['09:00', '18:00']], ['14:00', '13:00'])])[0]?.field).toBe(
      'body.days.0.lunch.end',
    );
  });
  it('uses the given path prefix', () =>
    expect(scheduleProblems([day([['10:00', '09:00']])], 'days')[0]?.field).toBe('days.0.intervals.0.end'));
});

describe('working minutes of a day', () => {
  it('are the intervals less the lunch break', () => {
    expect(workingMinutes(day([['09:00', '18:00']], ['13:00', '14:00']))).toEqual([
      [540, 780],
      [840, 1080],
    ]);
    expect(
      workingMinutes(
        day([
          ['09:00', '13:00'],
          ['13:00', '18:00'],
        ]),
      ),
    ).toEqual([[540, 1080]]);
    expect(workingMinutes(undefined)).toEqual([]);
  });
  it('a shortened day loses its last working hour, across intervals if needed', () => {
    expect(cutLastHour([[540, 780], [840, 1080]])).toEqual([[540, 780], [840, 1020]]); // prettier-ignore
    expect(cutLastHour([[540, 600], [1000, 1030]])).toEqual([[540, 570]]); // prettier-ignore
    expect(cutLastHour([[540, 600]])).toEqual([]);
  });
  it('times: 24:00 is the end of the day; nonsense is refused', () => {
    expect([minutesOf('00:00'), minutesOf('09:30'), minutesOf('24:00')]).toEqual([0, 570, 1440]);
    expect(() => minutesOf('24:30')).toThrow(RangeError);
  });
});

describe('normalizeSchedule', () => {
  it('orders days by weekday and intervals by start', () => {
    const normal = normalizeSchedule([
      day(
        [
          ['14:00', '18:00'],
          ['09:00', '13:00'],
        ],
        null,
        3,
      ),
      day([['09:00', '18:00']], ['13:00', '14:00'], 1),
    ]);
    expect(normal.map((d) => d.weekday)).toEqual([1, 3]);
    expect(normal[1]?.intervals).toEqual([
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ]);
  });
});
