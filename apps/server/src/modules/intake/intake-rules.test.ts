import { describe, expect, it } from 'vitest';
import type { FormField } from '@voronka/contracts';
import { russianProductionCalendar, type WeeklySchedule } from '../calendar/index.js';
import {
  createRateLimiter,
  exceptionKeys,
  HONEYPOT_FIELD,
  isExcepted,
  median,
  noteOf,
  readSubmission,
  repeatDecision,
  slaDeadline,
  slaFigures,
  slaStatus,
} from './intake-rules.js';

const field = (key: string, target: FormField['target'], required = false): FormField => ({
  key,
  label: key,
  target,
  customFieldId: target === 'dealField' ? '11111111-1111-4111-8111-111111111111' : null,
  required,
});
const form = {
  fields: [
    field('name', 'name', true),
    field('phone', 'phone'),
    field('email', 'email'),
    field('comment', 'comment'),
    field('area', 'dealField'),
  ],
  consentRequired: true,
};

describe('readSubmission', () => {
  it('normalizes the phone and e-mail the way contacts do and maps fields to their targets', () => {
    const result = readSubmission(form, {
      name: '  Сергей ',
      phone: '8 (916) 123-45-67',
      email: ' Sergey@Example.RU ',
      comment: 'Замер балкона',
      area: 12,
      consent: 'on',
      utm_source: 'yandex',
      page_url: 'https://okna.example/',
    });
    expect(result.outcome).toBe('ok');
    if (result.outcome !== 'ok') return;
    expect(result.submission).toMatchObject({
      name: 'Сергей',
      phone: '8 (916) 123-45-67',
      normalizedPhone: '+79161234567',
      email: 'sergey@example.ru',
      comment: 'Замер балкона',
      dealFields: { '11111111-1111-4111-8111-111111111111': '12' },
      utm: { source: 'yandex', medium: null, campaign: null, content: null, term: null },
      pageUrl: 'https://okna.example/',
      referrer: null,
    });
    const note = noteOf('form:Замер', result.submission);
    expect(note).toContain('- phone: 8 (916) 123-45-67');
    expect(note).toContain('UTM: utm_source=yandex');
  });

  it('names every bad field, the consent box, and a request nobody could answer', () => {
    expect(readSubmission(form, { name: 'A', phone: '123', email: 'not-mail', other: 'x' })).toEqual({
      outcome: 'invalid',
      errors: [
        { field: 'body.other', reason: 'is not a field of this form' },
        { field: 'body.phone', reason: 'is not a phone number' },
        { field: 'body.email', reason: 'is not an e-mail address' },
        { field: 'body.consent', reason: 'the consent box must be ticked' },
      ],
    });
    expect(readSubmission(form, { name: 'A', consent: true })).toEqual({
      outcome: 'invalid',
      errors: [{ field: 'body.phone', reason: 'give a phone or an e-mail to reply to' }],
    });
    expect(readSubmission(form, { phone: '+79161234567', consent: 'no' })).toEqual({
      outcome: 'invalid',
      errors: [
        { field: 'body.name', reason: 'is required' },
        { field: 'body.consent', reason: 'the consent box must be ticked' },
      ],
    });
    expect(readSubmission({ ...form, consentRequired: false }, { name: 'A', email: 'a@b.ru' }).outcome).toBe(
      'ok',
    );
  });

  it('a filled honeypot is spam whatever else the submission holds', () => {
    expect(readSubmission(form, { [HONEYPOT_FIELD]: 'http://x', phone: 'junk' })).toEqual({
      outcome: 'spam',
    });
    expect(
      readSubmission(form, { [HONEYPOT_FIELD]: '', name: 'A', email: 'a@b.ru', consent: true }).outcome,
    ).toBe('ok');
  });
});

describe('repeat requests and exceptions', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 11, day));
  it('joins the newest active deal, repeats when all are closed, else a new deal', () => {
    const deals = [
      { id: 'won', status: 'won' as const, createdAt: at(1) },
      { id: 'open-old', status: 'open' as const, createdAt: at(2) },
      { id: 'unsorted-new', status: 'unsorted' as const, createdAt: at(3) },
    ];
    expect(repeatDecision({ detection: true, excepted: false, deals })).toEqual({
      kind: 'joined',
      dealId: 'unsorted-new',
    });
    const closed = [
      { id: 'won', status: 'won' as const, createdAt: at(1) },
      { id: 'lost', status: 'lost' as const, createdAt: at(2) },
    ];
    expect(repeatDecision({ detection: true, excepted: false, deals: closed })).toEqual({ kind: 'repeat' });
    expect(repeatDecision({ detection: true, excepted: false, deals: [] })).toEqual({ kind: 'new' });
    expect(repeatDecision({ detection: false, excepted: false, deals })).toEqual({ kind: 'new' });
    expect(repeatDecision({ detection: true, excepted: true, deals: closed })).toEqual({ kind: 'new' });
  });

  it('matches exceptions by contact id, e-mail or phone in any spelling', () => {
    expect(exceptionKeys('8 (916) 123-45-67')).toContain('+79161234567');
    expect(exceptionKeys(' Boss@Example.RU ')).toContain('boss@example.ru');
    const list = ['8 (916) 123-45-67', 'Boss@Example.ru', 'AAAAAAAA-0000-4000-8000-000000000000'];
    expect(isExcepted(list, { contactIds: [], email: null, phone: '+79161234567' })).toBe(true);
    expect(isExcepted(list, { contactIds: [], email: 'boss@example.ru', phone: null })).toBe(true);
    expect(
      isExcepted(list, { contactIds: ['aaaaaaaa-0000-4000-8000-000000000000'], email: null, phone: null }),
    ).toBe(true);
    expect(isExcepted(list, { contactIds: [], email: 'other@example.ru', phone: '+79161234568' })).toBe(
      false,
    );
  });
});

describe('SLA deadline and status', () => {
  const schedule: WeeklySchedule = [1, 2, 3, 4, 5].map((weekday) => ({
    weekday,
    intervals: [{ start: '09:00', end: '18:00' }],
    lunch: { start: '13:00', end: '14:00' },
  }));
  const hours = { schedule, calendar: russianProductionCalendar, timeZone: 'Europe/Moscow' };
  const msk = (local: string) => new Date(`${local}+03:00`);

  it('around the clock: minutes after arrival, whatever the day', () => {
    expect(slaDeadline(msk('2026-12-12T23:55:00'), { minutes: 10, workingHours: false }, hours)).toEqual(
      msk('2026-12-13T00:05:00'),
    );
  });

  it('in working hours: over a weekend, over lunch, and over a public holiday after a shortened day', () => {
    const policy = { minutes: 10, workingHours: true };
    // Friday 17:55 → Monday 09:05.
    expect(slaDeadline(msk('2026-12-11T17:55:00'), policy, hours)).toEqual(msk('2026-12-14T09:05:00'));
    // Saturday → Monday 09:10.
    expect(slaDeadline(msk('2026-12-12T11:00:00'), policy, hours)).toEqual(msk('2026-12-14T09:10:00'));
    // Lunch 13:00–14:00: 12:55 → 14:05.
    expect(slaDeadline(msk('2026-12-08T12:55:00'), policy, hours)).toEqual(msk('2026-12-08T14:05:00'));
    // 3 November 2026 is shortened (ends 17:00), 4 November is the Day of National Unity: 16:55 → 5 Nov 09:05.
    expect(slaDeadline(msk('2026-11-03T16:55:00'), policy, hours)).toEqual(msk('2026-11-05T09:05:00'));
  });

  it('status: pending until due, met when answered in time, missed otherwise', () => {
    const due = new Date('2026-12-07T07:10:00Z');
    const before = new Date('2026-12-07T07:05:00Z');
    const after = new Date('2026-12-07T07:15:00Z');
    expect(slaStatus(null, null, after)).toBe('none');
    expect(slaStatus(due, null, before)).toBe('pending');
    expect(slaStatus(due, null, due)).toBe('pending');
    expect(slaStatus(due, null, after)).toBe('missed');
    expect(slaStatus(due, before, after)).toBe('met');
    expect(slaStatus(due, after, after)).toBe('missed');
  });

  it('figures: only answered or overdue requests count; the median of the answered', () => {
    const t = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 7, minutes));
    const samples = [
      { receivedAt: t(0), dueAt: t(10), respondedAt: t(2) },
      { receivedAt: t(0), dueAt: t(10), respondedAt: t(4) },
      { receivedAt: t(0), dueAt: t(10), respondedAt: t(30) },
      { receivedAt: t(0), dueAt: t(10), respondedAt: null }, // overdue
      { receivedAt: t(40), dueAt: t(50), respondedAt: null }, // still pending: not counted
    ];
    expect(slaFigures(samples, t(45))).toEqual({
      total: 4,
      answeredInTime: 2,
      shareInTime: 0.5,
      medianResponseSeconds: 240,
    });
    expect(slaFigures([], t(0))).toEqual({
      total: 0,
      answeredInTime: 0,
      shareInTime: null,
      medianResponseSeconds: null,
    });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('rate limiter', () => {
  it('allows `limit` hits a window per key and tells when to retry', () => {
    const limiter = createRateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.hit('a', t0))).toEqual([null, null, null]);
    expect(limiter.hit('a', t0 + 15_000)).toBe(45);
    expect(limiter.hit('b', t0 + 15_000)).toBeNull();
    expect(limiter.hit('a', t0 + 59_500)).toBe(1);
    expect(limiter.hit('a', t0 + 60_000)).toBeNull();
    expect(createRateLimiter(0, 60_000).hit('a', t0)).toBeNull();
  });
});
