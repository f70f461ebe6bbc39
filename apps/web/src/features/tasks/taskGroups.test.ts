import { describe, expect, it } from 'vitest';
import { groupTasks, taskGroup } from './taskGroups';
import { addDays, dayInZone, timeInZone, zonedDateTime } from './zonedTime';

const moment = (deadline: string) => ({ deadline, allDay: false, deadlineDate: null });
const allDay = (day: string, end: string) => ({ deadline: end, allDay: true, deadlineDate: day });

describe('days in a time zone', () => {
  it('reads the day and time of an instant in the zone, not in UTC', () => {
    // 22:30 UTC on Dec 4 is already Dec 5 in Moscow and in Vladivostok.
    expect(dayInZone('2026-12-04T22:30:00Z', 'Europe/Moscow')).toBe('2026-12-05');
    expect(timeInZone('2026-12-04T22:30:00Z', 'Europe/Moscow')).toBe('01:30');
    expect(dayInZone('2026-12-04T22:30:00Z', 'UTC')).toBe('2026-12-04');
    expect(dayInZone('2026-12-04T13:59:00Z', 'Asia/Vladivostok')).toBe('2026-12-04');
    expect(dayInZone('2026-12-04T14:00:00Z', 'Asia/Vladivostok')).toBe('2026-12-05');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('turns a wall-clock date and time in the zone into an instant with its offset', () => {
    expect(zonedDateTime('2026-12-05', '15:00', 'Europe/Moscow')).toBe('2026-12-05T15:00:00+03:00');
    expect(zonedDateTime('2026-12-05', '09:05', 'Asia/Yekaterinburg')).toBe('2026-12-05T09:05:00+05:00');
    expect(zonedDateTime('2026-07-01', '10:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00+02:00');
    expect(zonedDateTime('2026-01-01', '10:00', 'Europe/Berlin')).toBe('2026-01-01T10:00:00+01:00');
    expect(zonedDateTime('2026-12-05', '10:00', 'America/New_York')).toBe('2026-12-05T10:00:00-05:00');
    const iso = zonedDateTime('2026-12-05', '00:30', 'Europe/Moscow');
    expect(new Date(iso ?? '').toISOString()).toBe('2026-12-04T21:30:00.000Z');
  });

  it('refuses dates and times that do not exist', () => {
    expect(zonedDateTime('2026-02-30', '10:00', 'UTC')).toBeNull();
    expect(zonedDateTime('2026-12-05', '24:00', 'UTC')).toBeNull();
    expect(zonedDateTime('5.12.2026', '10:00', 'UTC')).toBeNull();
  });
});

describe('task groups', () => {
  const zone = 'Europe/Moscow';
  // 2026-12-05 10:00 in Moscow.
  const now = new Date('2026-12-05T07:00:00Z');

  it('puts a task whose deadline has passed in Overdue, even earlier today', () => {
    expect(taskGroup(moment('2026-12-05T06:59:00Z'), now, zone)).toBe('overdue');
    expect(taskGroup(moment('2026-12-01T10:00:00+03:00'), now, zone)).toBe('overdue');
  });

  it('groups by the day in the account zone', () => {
    expect(taskGroup(moment('2026-12-05T20:59:00Z'), now, zone)).toBe('today'); // 23:59 Moscow
    expect(taskGroup(moment('2026-12-05T21:00:00Z'), now, zone)).toBe('tomorrow'); // 00:00 Dec 6 Moscow
    expect(taskGroup(moment('2026-12-06T20:59:00Z'), now, zone)).toBe('tomorrow');
    expect(taskGroup(moment('2026-12-06T21:00:00Z'), now, zone)).toBe('later');
    // The same instant is still "today" for an account in UTC.
    expect(taskGroup(moment('2026-12-05T21:00:00Z'), now, 'UTC')).toBe('today');
  });

  it('keeps all-day tasks on their own day until it ends', () => {
    expect(taskGroup(allDay('2026-12-05', '2026-12-05T20:59:59.999Z'), now, zone)).toBe('today');
    expect(taskGroup(allDay('2026-12-06', '2026-12-06T20:59:59.999Z'), now, zone)).toBe('tomorrow');
    expect(taskGroup(allDay('2026-12-04', '2026-12-04T20:59:59.999Z'), now, zone)).toBe('overdue');
  });

  it('keeps the order of the tasks within each group', () => {
    const tasks = [
      { id: 'a', ...moment('2026-12-01T10:00:00Z') },
      { id: 'b', ...moment('2026-12-05T08:00:00Z') },
      { id: 'c', ...moment('2026-12-05T09:00:00Z') },
      { id: 'd', ...moment('2026-12-20T09:00:00Z') },
      { id: 'e', ...moment('2026-12-06T09:00:00Z') },
    ];
    const groups = groupTasks(tasks, now, zone);
    expect(groups.overdue.map((t) => t.id)).toEqual(['a']);
    expect(groups.today.map((t) => t.id)).toEqual(['b', 'c']);
    expect(groups.tomorrow.map((t) => t.id)).toEqual(['e']);
    expect(groups.later.map((t) => t.id)).toEqual(['d']);
  });
});
