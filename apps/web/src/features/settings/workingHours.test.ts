import { describe, expect, it } from 'vitest';
import { hoursToValues, minutesOf, scheduleErrors, validateHours, valuesToBody } from './workingHours';

const hours = {
  useProductionCalendar: true,
  days: [
    { weekday: 1, intervals: [{ start: '09:00', end: '18:00' }], lunch: { start: '13:00', end: '14:00' } },
    {
      weekday: 5,
      intervals: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      lunch: null,
    },
  ],
};

describe('working hours form', () => {
  it('has a row per weekday and gives back only the worked days', () => {
    const values = hoursToValues(hours);
    expect(values.days.map((d) => d.working)).toEqual([true, false, false, false, true, false, false]);
    expect(values.days[4]?.lunchOn).toBe(false);
    expect(valuesToBody(values)).toEqual(hours);

    values.days[5] = { ...values.days[5]!, working: true };
    values.days[0] = { ...values.days[0]!, lunchOn: false };
    const body = valuesToBody(values);
    expect(body.days.map((d) => d.weekday)).toEqual([1, 5, 6]);
    expect(body.days[0]?.lunch).toBeNull();
    expect(body.days[2]?.intervals).toEqual([{ start: '09:00', end: '18:00' }]);
  });

  it('reads times from 00:00 to 24:00', () => {
    expect(minutesOf('09:30')).toBe(570);
    expect(minutesOf('24:00')).toBe(1440);
    expect(minutesOf('24:01')).toBeNull();
    expect(minutesOf('9:30')).toBeNull();
    expect(minutesOf('12:60')).toBeNull();
  });

  it('checks the times and that each interval ends after it starts', () => {
    const values = hoursToValues(hours);
    values.days[4]!.intervals[1] = { start: '17:00', end: '13:00' };
    values.days[0]!.lunch = { start: '13:0', end: '14:00' };
    values.days[2]!.intervals[0] = { start: 'bad', end: 'bad' }; // a day off: not checked
    expect(validateHours(values, { time: 'time', endAfterStart: 'order' })).toEqual({
      'days.4.intervals.1': 'order',
      'days.0.lunch': 'time',
    });
  });

  it('puts the server’s field errors on the rows of the weekdays sent', () => {
    const sent = [1, 5, 6];
    expect(
      scheduleErrors(
        {
          'days.1.intervals.1': 'overlaps intervals.0',
          'days.2.lunch': 'must lie inside one of the working intervals',
          'days.2.lunch.end': 'must be after the start',
          'days.0.intervals.0.end': 'must be after the start',
          'days.2.weekday': 'weekday 6 is already in days.1',
          days: 'at least one working day',
          'days.9.intervals.0': 'out of range',
          useProductionCalendar: 'ignored',
        },
        sent,
      ),
    ).toEqual({
      'days.4.intervals.1': 'overlaps intervals.0',
      'days.5.lunch': 'must lie inside one of the working intervals; must be after the start',
      'days.0.intervals.0': 'must be after the start',
      'days.5': 'weekday 6 is already in days.1',
      days: 'at least one working day; out of range',
    });
  });
});
