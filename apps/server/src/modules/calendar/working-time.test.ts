import { describe, expect, it } from 'vitest';
import { OutsideCalendarError, russianProductionCalendar as ru } from './production-calendar.js';
import { DEFAULT_SCHEDULE, type WeeklySchedule } from './schedule.js';
import {
  addWorkingTime,
  isWorkingTime,
  nextWorkingMoment,
  NoWorkingTimeError,
  workingIntervalsOn,
} from './working-time.js';

// Moscow has no DST: +03:00 all year.
const msk = (local: string) => new Date(`${local}+03:00`);
const MSK = 'Europe/Moscow';
const BERLIN = 'Europe/Berlin';
const plain: WeeklySchedule = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  intervals: [{ start: '09:00', end: '18:00' }],
  lunch: null,
}));
const roundTheClock: WeeklySchedule = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  intervals: [{ start: '00:00', end: '24:00' }],
  lunch: null,
}));

const addMinutes = (start: Date, minutes: number, schedule = plain, tz = MSK) =>
  addWorkingTime(start, { minutes }, schedule, ru, tz);
const addDays = (start: Date, workingDays = 1, schedule = DEFAULT_SCHEDULE, tz = MSK) =>
  addWorkingTime(start, { workingDays }, schedule, ru, tz);

describe('"in N working days" (Moscow, production calendar)', () => {
  it('Friday 17:00 + 1 lands on Monday 17:00', () =>
    expect(addDays(msk('2026-01-16T17:00'))).toEqual(msk('2026-01-19T17:00')));
  it('2026-01-02 17:00 + 1 lands on 2026-01-12: the New Year holidays are skipped', () =>
    expect(addDays(msk('2026-01-02T17:00'))).toEqual(msk('2026-01-12T17:00')));
  it('2025-12-30 + 1 jumps over 31 December and the holidays to 2026-01-12; + 2 is the 13th', () => {
    expect(addDays(msk('2025-12-30T11:00'))).toEqual(msk('2026-01-12T11:00'));
    expect(addDays(msk('2025-12-30T11:00'), 2)).toEqual(msk('2026-01-13T11:00'));
  });
  it('Friday 2026-05-08 (shortened) + 1 skips the 9–11 May holidays', () =>
    expect(addDays(msk('2026-05-08T10:00'))).toEqual(msk('2026-05-12T10:00')));
  it('a clock time outside the target day’s hours moves into them', () => {
    expect(addDays(msk('2026-01-16T07:30'))).toEqual(msk('2026-01-19T09:00')); // before opening
    expect(addDays(msk('2026-01-16T13:20'))).toEqual(msk('2026-01-19T14:00')); // lunch break
    expect(addDays(msk('2026-01-16T19:00'))).toEqual(msk('2026-01-19T18:00')); // after closing: by its end
    expect(
      addWorkingTime(msk('2026-01-16T19:00'), { workingDays: 1 }, DEFAULT_SCHEDULE, ru, MSK, {
        atClose: 'next',
      }),
    ).toEqual(msk('2026-01-20T09:00'));
  });
  it('the target day’s shortened end counts: 17:30 on the eve of 2026-04-30 → 17:00 that day', () =>
    expect(addDays(msk('2026-04-29T17:30'))).toEqual(msk('2026-04-30T17:00')));
  it('0 working days is the next working moment', () => {
    expect(addDays(msk('2026-01-10T12:00'), 0)).toEqual(msk('2026-01-12T09:00'));
    expect(addDays(msk('2026-01-12T12:00'), 0)).toEqual(msk('2026-01-12T12:00'));
  });
  it('a user who works Monday, Wednesday and Friday: + 1 from Monday is Wednesday', () => {
    const mwf = DEFAULT_SCHEDULE.filter((d) => d.weekday % 2 === 1);
    expect(addDays(msk('2026-01-12T10:00'), 1, mwf)).toEqual(msk('2026-01-14T10:00'));
  });
});

describe('"in N working minutes" (09:00–18:00)', () => {
  it('+2 h from 17:30 is 10:30 the next working day: 30 min today, 90 min tomorrow', () =>
    expect(addMinutes(msk('2026-03-10T17:30'), 120)).toEqual(msk('2026-03-11T10:30')));
  it('+2 h from Friday 2026-03-06 17:30 is Tuesday 10:30 (weekend, then 9 March off)', () =>
    expect(addMinutes(msk('2026-03-06T17:30'), 120)).toEqual(msk('2026-03-10T10:30')));
  it('+2 h from 17:30 on the shortened 2026-04-30 (closed at 17:00) is 11:00 on 4 May', () =>
    expect(addMinutes(msk('2026-04-30T17:30'), 120)).toEqual(msk('2026-05-04T11:00')));
  it('the lunch break is not working time', () =>
    expect(addMinutes(msk('2026-03-10T12:30'), 60, DEFAULT_SCHEDULE)).toEqual(msk('2026-03-10T14:30')));
  it('a result at closing time stays there (a deadline), or moves to the next opening', () => {
    expect(addMinutes(msk('2026-03-10T17:00'), 60)).toEqual(msk('2026-03-10T18:00'));
    expect(
      addWorkingTime(msk('2026-03-10T17:00'), { minutes: 60 }, plain, ru, MSK, { atClose: 'next' }),
    ).toEqual(msk('2026-03-11T09:00'));
  });
  it('0 minutes: the start itself in working time or at closing, otherwise the next opening', () => {
    expect(addMinutes(msk('2026-03-10T11:11'), 0)).toEqual(msk('2026-03-10T11:11'));
    expect(addMinutes(msk('2026-03-10T18:00'), 0)).toEqual(msk('2026-03-10T18:00'));
    expect(addMinutes(msk('2026-03-10T18:01'), 0)).toEqual(msk('2026-03-11T09:00'));
  });
  it('one working week of minutes from Monday 09:00 ends Friday 18:00', () =>
    expect(addMinutes(msk('2026-03-16T09:00'), 5 * 9 * 60)).toEqual(msk('2026-03-20T18:00')));
});

describe('shortened days end an hour early', () => {
  it.each(['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'])(
    '%s: 09:00–13:00, 14:00–17:00 instead of 18:00',
    (date) => {
      expect(workingIntervalsOn(date, DEFAULT_SCHEDULE, ru)).toEqual([
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '17:00' },
      ]);
      expect(isWorkingTime(msk(`${date}T16:59:59`), DEFAULT_SCHEDULE, ru, MSK)).toBe(true);
      expect(isWorkingTime(msk(`${date}T17:00`), DEFAULT_SCHEDULE, ru, MSK)).toBe(false);
      expect(addMinutes(msk(`${date}T16:00`), 60, DEFAULT_SCHEDULE)).toEqual(msk(`${date}T17:00`));
    },
  );
  it('an ordinary day keeps its full hours', () =>
    expect(workingIntervalsOn('2026-04-29', DEFAULT_SCHEDULE, ru).at(-1)?.end).toBe('18:00'));
  it('without the production calendar nothing is shortened and holidays are worked', () => {
    expect(workingIntervalsOn('2026-04-30', DEFAULT_SCHEDULE, null).at(-1)?.end).toBe('18:00');
    expect(isWorkingTime(msk('2026-01-05T10:00'), DEFAULT_SCHEDULE, null, MSK)).toBe(true);
    expect(isWorkingTime(msk('2026-01-05T10:00'), DEFAULT_SCHEDULE, ru, MSK)).toBe(false);
  });
});

describe('the working Saturday 2025-11-01', () => {
  it('is worked with Monday’s hours, shortened', () => {
    expect(workingIntervalsOn('2025-11-01', DEFAULT_SCHEDULE, ru)).toEqual([
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '17:00' },
    ]);
    expect(isWorkingTime(msk('2025-11-01T10:00'), DEFAULT_SCHEDULE, ru, MSK)).toBe(true);
    expect(isWorkingTime(msk('2025-11-01T10:00'), DEFAULT_SCHEDULE, null, MSK)).toBe(false);
  });
  it('counts in working minutes and working days', () => {
    expect(addMinutes(msk('2025-10-31T17:30'), 60)).toEqual(msk('2025-11-01T09:30'));
    expect(addDays(msk('2025-10-31T12:00'))).toEqual(msk('2025-11-01T12:00'));
    expect(addDays(msk('2025-11-01T12:00'))).toEqual(msk('2025-11-05T12:00'));
  });
  it('a six-day schedule keeps its own Saturday hours', () => {
    const sixDays: WeeklySchedule = [
      ...DEFAULT_SCHEDULE,
      { weekday: 6, intervals: [{ start: '10:00', end: '15:00' }], lunch: null },
    ];
    expect(workingIntervalsOn('2025-11-01', sixDays, ru)).toEqual([{ start: '10:00', end: '14:00' }]);
    // …and a public holiday on a Saturday is not worked.
    expect(workingIntervalsOn('2026-01-03', sixDays, ru)).toEqual([]);
    expect(workingIntervalsOn('2026-01-10', sixDays, ru)).toEqual([{ start: '10:00', end: '15:00' }]);
  });
});

describe('nextWorkingMoment and isWorkingTime', () => {
  it('the start of the next interval, or the moment itself', () => {
    expect(nextWorkingMoment(msk('2026-01-10T12:00'), DEFAULT_SCHEDULE, ru, MSK)).toEqual(
      msk('2026-01-12T09:00'),
    );
    expect(nextWorkingMoment(msk('2026-03-10T13:30'), DEFAULT_SCHEDULE, ru, MSK)).toEqual(
      msk('2026-03-10T14:00'),
    );
    expect(nextWorkingMoment(msk('2026-03-10T10:00'), DEFAULT_SCHEDULE, ru, MSK)).toEqual(
      msk('2026-03-10T10:00'),
    );
  });
  it('opening moments are working time, closing moments are not', () => {
    expect(isWorkingTime(msk('2026-03-10T09:00'), DEFAULT_SCHEDULE, ru, MSK)).toBe(true);
    expect(isWorkingTime(msk('2026-03-10T13:00'), DEFAULT_SCHEDULE, ru, MSK)).toBe(false);
    expect(isWorkingTime(msk('2026-03-10T08:59:59.999'), DEFAULT_SCHEDULE, ru, MSK)).toBe(false);
  });
});

describe('time zones', () => {
  it('the same moment and schedule give different answers in Moscow and Novosibirsk', () => {
    const at = new Date('2026-03-10T10:00:00Z'); // 13:00 in Moscow (lunch), 17:00 in Novosibirsk
    expect(addWorkingTime(at, { minutes: 120 }, DEFAULT_SCHEDULE, ru, MSK)).toEqual(
      new Date('2026-03-10T13:00:00Z'), // 14:00–16:00 Moscow
    );
    expect(addWorkingTime(at, { minutes: 120 }, DEFAULT_SCHEDULE, ru, 'Asia/Novosibirsk')).toEqual(
      new Date('2026-03-11T03:00:00Z'), // 17:00–18:00, then 09:00–10:00 Novosibirsk
    );
  });
  it('Berlin across the spring change: the wall clock is kept, the offset changes', () => {
    // Friday 17:00 CET (+01:00) + 2 h → Monday 10:00 CEST (+02:00).
    expect(
      addWorkingTime(new Date('2026-03-27T17:00:00+01:00'), { minutes: 120 }, plain, null, BERLIN),
    ).toEqual(new Date('2026-03-30T10:00:00+02:00'));
    expect(
      addWorkingTime(new Date('2026-03-27T10:00:00+01:00'), { workingDays: 1 }, plain, null, BERLIN),
    ).toEqual(new Date('2026-03-30T10:00:00+02:00'));
  });
  it('round the clock, a day of working time is 24 real hours even on a 23- or 25-hour day', () => {
    expect(
      addWorkingTime(new Date('2026-03-28T22:00:00+01:00'), { minutes: 1440 }, roundTheClock, null, BERLIN),
    ).toEqual(new Date('2026-03-29T23:00:00+02:00'));
    expect(
      addWorkingTime(new Date('2026-10-24T22:00:00+02:00'), { minutes: 1440 }, roundTheClock, null, BERLIN),
    ).toEqual(new Date('2026-10-25T21:00:00+01:00'));
  });
  it('a night shift over the skipped hour has 2 real hours, over the repeated hour 4', () => {
    const night: WeeklySchedule = [
      { weekday: 7, intervals: [{ start: '01:00', end: '04:00' }], lunch: null },
    ];
    expect(
      addWorkingTime(new Date('2026-03-29T01:00:00+01:00'), { minutes: 120 }, night, null, BERLIN),
    ).toEqual(new Date('2026-03-29T04:00:00+02:00'));
    expect(isWorkingTime(new Date('2026-03-29T03:30:00+02:00'), night, null, BERLIN)).toBe(true);
    expect(
      addWorkingTime(new Date('2026-10-25T01:00:00+02:00'), { minutes: 240 }, night, null, BERLIN),
    ).toEqual(new Date('2026-10-25T04:00:00+01:00'));
  });
  it('an interval that lies wholly in the skipped hour is no working time', () => {
    const skipped: WeeklySchedule = [
      { weekday: 7, intervals: [{ start: '02:10', end: '02:50' }], lunch: null },
    ];
    expect(workingIntervalsOn('2026-03-29', skipped, null)).toHaveLength(1);
    expect(nextWorkingMoment(new Date('2026-03-29T00:00:00+01:00'), skipped, null, BERLIN)).toEqual(
      new Date('2026-04-05T02:10:00+02:00'),
    );
  });
});

describe('refusals', () => {
  it('beyond the production calendar: an error, not a guess', () => {
    expect(() => addDays(msk('2027-12-30T10:00'), 1)).toThrow(OutsideCalendarError);
    expect(() => addDays(msk('2028-01-10T10:00'), 0)).toThrow(OutsideCalendarError);
    // Without the calendar any date works.
    expect(addWorkingTime(msk('2027-12-30T10:00'), { workingDays: 1 }, plain, null, MSK)).toEqual(
      msk('2027-12-31T10:00'),
    );
  });
  it('an unknown time zone, a bad duration, a schedule without hours', () => {
    expect(() => addMinutes(msk('2026-03-10T10:00'), 60, plain, 'Mars/Olympus')).toThrow(/time zone/);
    expect(() => addMinutes(msk('2026-03-10T10:00'), -1)).toThrow(RangeError);
    expect(() => addDays(msk('2026-03-10T10:00'), 1.5)).toThrow(RangeError);
    expect(() => addMinutes(new Date(NaN), 1)).toThrow(RangeError);
    expect(() => addWorkingTime(msk('2026-03-10T10:00'), { minutes: 1 }, [], null, MSK)).toThrow(
      NoWorkingTimeError,
    );
  });
});
