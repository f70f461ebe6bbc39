import { describe, expect, it } from 'vitest';
import { resolveDeadline } from './deadline.js';

describe('resolveDeadline', () => {
  it('takes a moment as it is', () => {
    expect(resolveDeadline('2026-12-05T15:00:00+03:00', 'Europe/Moscow')).toEqual({
      deadline: new Date('2026-12-05T12:00:00.000Z'),
      allDay: false,
      day: null,
    });
  });

  it('makes a day due by its end in the account’s time zone', () => {
    expect(resolveDeadline('2026-12-05', 'Europe/Moscow')).toEqual({
      deadline: new Date('2026-12-05T20:59:59.000Z'),
      allDay: true,
      day: '2026-12-05',
    });
    expect(resolveDeadline('2026-12-05', 'Asia/Vladivostok').deadline.toISOString()).toBe(
      '2026-12-05T13:59:59.000Z',
    );
    expect(resolveDeadline('2026-12-31', 'UTC').deadline.toISOString()).toBe('2026-12-31T23:59:59.000Z');
  });

  it('follows daylight saving where a zone has it', () => {
    expect(resolveDeadline('2026-07-01', 'Europe/Berlin').deadline.toISOString()).toBe(
      '2026-07-01T21:59:59.000Z',
    );
    expect(resolveDeadline('2026-12-01', 'Europe/Berlin').deadline.toISOString()).toBe(
      '2026-12-01T22:59:59.000Z',
    );
  });
});
