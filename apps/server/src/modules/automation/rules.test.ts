// The pure rules of robots: timing in working hours over weekends and Russian public holidays, date
// fields, conditions with and/or groups, placeholders, retry delays, the fields an update changed.
import { describe, expect, it } from 'vitest';
import { russianProductionCalendar } from '../calendar/index.js';
import { DEFAULT_SCHEDULE } from '../calendar/schedule.js';
import { groupHolds, type DealFacts } from './conditions.js';
import { changedFields } from './engine.js';
import { render, type TemplateFacts } from './template.js';
import { dateValueOf, plannedAt, retryDelayMs } from './timing.js';

const moscow = { schedule: DEFAULT_SCHEDULE, calendar: russianProductionCalendar, timeZone: 'Europe/Moscow' };
const msk = (local: string) => new Date(`${local}+03:00`);

describe('timing', () => {
  it('runs "immediately" at once, or at the next opening when limited to working hours', () => {
    const saturday = msk('2026-12-05T10:00:00');
    expect(plannedAt({ kind: 'immediately', workingHours: 'off' }, saturday, null)).toEqual(saturday);
    expect(plannedAt({ kind: 'immediately', workingHours: 'account' }, saturday, moscow)).toEqual(
      msk('2026-12-07T09:00:00'),
    );
  });

  it('counts "after 10 minutes" in working hours across a shortened day, a public holiday and a weekend', () => {
    // Thu 11 June 2026 is shortened (until 17:00), Fri 12 June is Russia Day, then the weekend.
    const timing = { kind: 'delay', amount: 10, unit: 'minutes', workingHours: 'account' } as const;
    expect(plannedAt(timing, msk('2026-06-11T16:55:00'), moscow)).toEqual(msk('2026-06-15T09:05:00'));
    // Without working hours it is ten minutes of wall time.
    expect(plannedAt({ ...timing, workingHours: 'off' }, msk('2026-06-11T16:55:00'), null)).toEqual(
      msk('2026-06-11T17:05:00'),
    );
    // Friday evening → Monday morning.
    expect(plannedAt(timing, msk('2026-12-04T17:55:00'), moscow)).toEqual(msk('2026-12-07T09:05:00'));
  });

  it('lands "in 1 working day" from Friday 17:00 on Monday, and over the May holidays', () => {
    const timing = { kind: 'delay', amount: 1, unit: 'days', workingHours: 'account' } as const;
    expect(plannedAt(timing, msk('2026-12-04T17:00:00'), moscow)).toEqual(msk('2026-12-07T17:00:00'));
    // Thu 30 April 2026 → Fri 1 May (holiday), weekend → Mon 4 May.
    expect(plannedAt(timing, msk('2026-04-30T12:00:00'), moscow)).toEqual(msk('2026-05-04T12:00:00'));
    // New Year holidays: Fri 2 January 2026 → Mon 12 January.
    expect(plannedAt(timing, msk('2026-01-02T11:00:00'), moscow)).toEqual(msk('2026-01-12T11:00:00'));
  });

  it('plans relative to a date field, in the schedule’s time zone, and not in the past', () => {
    const timing = {
      kind: 'date_field',
      field: 'closeDate',
      direction: 'before',
      amount: 1,
      unit: 'days',
      workingHours: 'off',
    } as const;
    const now = msk('2026-12-01T10:00:00');
    const dateOf = (value: string | null) => () => value;
    expect(plannedAt(timing, now, null, dateOf('2026-12-10'), 'Europe/Moscow')).toEqual(
      msk('2026-12-09T00:00:00'),
    );
    // In working hours: the opening of that day.
    expect(plannedAt({ ...timing, workingHours: 'account' }, now, moscow, dateOf('2026-12-10'))).toEqual(
      msk('2026-12-09T09:00:00'),
    );
    // A day already past: now. No date: no plan.
    expect(plannedAt(timing, now, null, dateOf('2026-11-01'), 'Europe/Moscow')).toEqual(now);
    expect(plannedAt(timing, now, null, dateOf(null), 'Europe/Moscow')).toBeNull();
    expect(dateValueOf('2026-12-10T12:00:00Z', 'Europe/Moscow')).toEqual(new Date('2026-12-10T12:00:00Z'));
  });

  it('backs off exponentially, at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30, 1000)).toBe(3_600_000);
  });
});

const deal: DealFacts = {
  name: 'Поставка станков',
  amount: '150000.00',
  stageId: 's1',
  pipelineId: 'p1',
  responsibleUserId: 'u1',
  sourceId: null,
  tags: ['vip', 'опт'],
  startDate: null,
  closeDate: '2026-12-10',
  customFields: { 'f-city': 'Казань' },
};

describe('conditions', () => {
  it('reads and/or groups of any field, custom fields included', () => {
    expect(groupHolds(null, deal)).toBe(true);
    expect(groupHolds({ op: 'and', items: [] }, deal)).toBe(true);
    const big = { field: 'amount', operator: 'gte', value: 100000 } as const;
    const small = { field: 'amount', operator: 'lt', value: '1000' } as const;
    const kazan = { field: 'cf:f-city', operator: 'eq', value: 'Казань' } as const;
    expect(groupHolds({ op: 'and', items: [big, kazan] }, deal)).toBe(true);
    expect(groupHolds({ op: 'and', items: [small, kazan] }, deal)).toBe(false);
    expect(groupHolds({ op: 'or', items: [small, kazan] }, deal)).toBe(true);
    expect(
      groupHolds(
        {
          op: 'and',
          items: [kazan, { op: 'or', items: [small, { field: 'tags', operator: 'contains', value: 'VIP' }] }],
        },
        deal,
      ),
    ).toBe(true);
    expect(groupHolds({ op: 'and', items: [{ field: 'sourceId', operator: 'empty' }] }, deal)).toBe(true);
    expect(
      groupHolds({ op: 'and', items: [{ field: 'closeDate', operator: 'lt', value: '2026-12-31' }] }, deal),
    ).toBe(true);
    expect(
      groupHolds({ op: 'and', items: [{ field: 'name', operator: 'contains', value: 'станк' }] }, deal),
    ).toBe(true);
    expect(
      groupHolds({ op: 'and', items: [{ field: 'name', operator: 'neq', value: 'Поставка станков' }] }, deal),
    ).toBe(false);
  });
});

describe('placeholders', () => {
  it('fills deal, contact, responsible and custom fields; unknown ones are empty', () => {
    const facts: TemplateFacts = {
      deal: { ...deal, id: 'd1', currency: 'RUB' },
      responsibleName: 'Анна Админова',
      stageName: 'Переговоры',
      contact: { name: 'Иван Петров', email: 'ivan@example.ru', phone: null },
    };
    expect(
      render(
        '{{deal.title}} на {{ deal.amount }} {{deal.currency}} — {{contact.name}}, {{deal.responsible.name}}, {{deal.cf.f-city}}{{nope}}',
        facts,
      ),
    ).toBe('Поставка станков на 150000.00 RUB — Иван Петров, Анна Админова, Казань');
  });
});

describe('changed fields', () => {
  it('names custom fields one by one', () => {
    expect(
      changedFields({
        closeDate: { from: null, to: '2026-12-10' },
        customFields: { from: { a: 1, b: 2 }, to: { a: 1, b: 3, c: 'x' } },
      }),
    ).toEqual(['closeDate', 'cf:b', 'cf:c']);
  });
});
