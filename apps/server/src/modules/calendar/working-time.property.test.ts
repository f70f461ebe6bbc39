// Properties of the working-time rules over random schedules, time zones (with and without DST, with
// half-hour offsets and a half-hour DST shift), moments in 2025–2027 and durations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { russianProductionCalendar } from './production-calendar.js';
import { DEFAULT_SCHEDULE, workingMinutes, type WeeklySchedule, type WorkingDay } from './schedule.js';
import { addWorkingTime, isWorkingTime, nextWorkingMoment, type WorkingTimeOptions } from './working-time.js';

const zones = [
  'Europe/Moscow',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Asia/Vladivostok',
  'UTC',
];

const hhmm = (quarter: number) =>
  `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

/** A weekday with up to three intervals on quarter hours (00:00–24:00), sometimes a lunch break. */
const dayArb = (weekday: number): fc.Arbitrary<WorkingDay | null> =>
  fc.option(
    fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 }).chain((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const intervals: { start: string; end: string }[] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2)
        intervals.push({ start: hhmm(sorted[i] ?? 0), end: hhmm(sorted[i + 1] ?? 0) });
      const first = [sorted[0] ?? 0, sorted[1] ?? 0];
      const lunch =
        (first[1] ?? 0) - (first[0] ?? 0) >= 3
          ? fc.option(fc.constant({ start: hhmm((first[0] ?? 0) + 1), end: hhmm((first[1] ?? 0) - 1) }), {
              nil: null,
            })
          : fc.constant(null);
      return lunch.map((l) => ({ weekday, intervals, lunch: l }));
    }),
    { nil: null },
  );

const weekdayMinutes = (schedule: WeeklySchedule) =>
  schedule
    .filter((d) => d.weekday <= 5)
    .flatMap((d) => workingMinutes(d))
    .reduce((sum, [a, b]) => sum + b - a, 0);

// At least an hour on Monday–Friday, so that durations below stay inside the covered years.
const scheduleArb: fc.Arbitrary<WeeklySchedule> = fc.oneof(
  fc.constant(DEFAULT_SCHEDULE),
  fc
    .tuple(...[1, 2, 3, 4, 5, 6, 7].map(dayArb))
    .map((days) => days.filter((d): d is WorkingDay => d !== null))
    .filter((s) => weekdayMinutes(s) >= 60),
);

const settingArb = fc.record({
  schedule: scheduleArb,
  timeZone: fc.constantFrom(...zones),
  calendar: fc.constantFrom(russianProductionCalendar, null),
});
const anyMoment = fc.date({
  min: new Date('2025-01-02T00:00:00Z'),
  max: new Date('2027-03-31T00:00:00Z'),
  noInvalidDate: true,
});
// Half the starts on quarter hours, where the schedules' intervals open and close (every zone above is a
// whole number of quarter hours from UTC), so that exact openings and closings are hit, not just passed.
const startArb = fc.oneof(
  anyMoment,
  anyMoment.map((d) => new Date(Math.floor(d.getTime() / 900_000) * 900_000)),
);
const minutesArb = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 66 }).map((q) => q * 15),
  fc.constant(0),
);
const modeArb = fc.constantFrom<WorkingTimeOptions['atClose']>('stay', 'next');

type Setting = {
  schedule: WeeklySchedule;
  timeZone: string;
  calendar: typeof russianProductionCalendar | null;
};
const working = (s: Setting, at: number) => isWorkingTime(new Date(at), s.schedule, s.calendar, s.timeZone);
const add = (
  s: Setting,
  start: Date,
  duration: { minutes: number } | { workingDays: number },
  atClose: WorkingTimeOptions['atClose'] = 'stay',
) => addWorkingTime(start, duration, s.schedule, s.calendar, s.timeZone, { atClose }).getTime();

describe('addWorkingTime properties', () => {
  it('never lands outside working time, never before the start', () => {
    fc.assert(
      fc.property(
        settingArb,
        startArb,
        fc.oneof(
          minutesArb.map((minutes) => ({ minutes })),
          fc.integer({ min: 0, max: 30 }).map((workingDays) => ({ workingDays })),
        ),
        (s, start, duration) => {
          const stay = add(s, start, duration, 'stay');
          const next = add(s, start, duration, 'next');
          expect(stay).toBeGreaterThanOrEqual(start.getTime());
          // A deadline may be a closing moment: working time up to the instant before it.
          expect(working(s, stay) || working(s, stay - 1)).toBe(true);
          expect(working(s, next)).toBe(true);
          expect(next).toBe(nextWorkingMoment(new Date(stay), s.schedule, s.calendar, s.timeZone).getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the duration', () => {
    fc.assert(
      fc.property(
        settingArb,
        startArb,
        minutesArb,
        minutesArb,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        modeArb,
        (s, start, m1, m2, d1, d2, mode) => {
          const [a, b] = m1 <= m2 ? [m1, m2] : [m2, m1];
          expect(add(s, start, { minutes: a }, mode)).toBeLessThanOrEqual(
            add(s, start, { minutes: b }, mode),
          );
          const [x, y] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(add(s, start, { workingDays: x }, mode)).toBeLessThanOrEqual(
            add(s, start, { workingDays: y }, mode),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('adding a then b minutes equals adding a + b', () => {
    fc.assert(
      fc.property(settingArb, startArb, minutesArb, minutesArb, modeArb, (s, start, a, b, mode) => {
        const step = add(s, new Date(add(s, start, { minutes: a }, mode)), { minutes: b }, mode);
        expect(step).toBe(add(s, start, { minutes: a + b }, mode));
      }),
      { numRuns: 300 },
    );
  });

  it('the working time between the start and the result is the duration (counted minute by minute)', () => {
    fc.assert(
      fc.property(
        settingArb.filter((s) => weekdayMinutes(s.schedule) >= 600),
        // Whole minutes, so that every interval boundary (whole local minutes) falls on a step.
        anyMoment.map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000)),
        fc.integer({ min: 1, max: 240 }),
        (s, start, minutes) => {
          const end = add(s, start, { minutes });
          let counted = 0;
          for (let t = start.getTime(); t < end; t += 60_000) if (working(s, t)) counted++;
          expect(counted).toBe(minutes);
          // …and the result is the earliest such moment: the minute before it was worked.
          expect(working(s, end - 60_000)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('a moment is working time exactly when it is its own next working moment', () => {
    fc.assert(
      fc.property(settingArb, startArb, (s, at) => {
        const next = nextWorkingMoment(at, s.schedule, s.calendar, s.timeZone).getTime();
        expect(next >= at.getTime()).toBe(true);
        expect(working(s, at.getTime())).toBe(next === at.getTime());
        expect(working(s, next)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
