import { describe, expect, it } from 'vitest';
import type { CustomField } from '@voronka/contracts';
import { fromDraft, toDraft } from './customFieldDraft';

const base = {
  id: '7c0af97a-006e-49d9-8f83-d434f98967be',
  entity: 'deal',
  name: 'Field',
  code: null,
  multiple: false,
  required: false,
  requiredFromStageIds: [],
  showInFilter: true,
  showInList: false,
  sort: 500,
  pipelineIds: null,
  default: { kind: 'none' },
} as const;

const field = (type: string, settings: object = {}, multiple = false) =>
  ({ ...base, type, settings, multiple }) as unknown as CustomField;

const zone = 'Europe/Moscow';

describe('custom field drafts', () => {
  it('round-trips a number, accepting a comma and checking the precision', () => {
    const area = field('number', { precision: 1, min: '0', max: null });
    expect(toDraft(area, '59.5', zone, 'RUB')).toEqual({ kind: 'text', value: '59.5' });
    expect(fromDraft(area, { kind: 'text', value: '12,5' }, zone)).toEqual({ ok: true, value: '12.5' });
    expect(fromDraft(area, { kind: 'text', value: 'abc' }, zone)).toEqual({
      ok: false,
      problem: { key: 'number' },
    });
    const tooPrecise = fromDraft(area, { kind: 'text', value: '1.25' }, zone);
    expect(tooPrecise.ok).toBe(false);
  });

  it('clears a field with empty inputs', () => {
    expect(fromDraft(field('string', { rows: 1 }), { kind: 'text', value: '  ' }, zone)).toEqual({
      ok: true,
      value: null,
    });
    expect(
      fromDraft(field('money', { currency: 'RUB' }), { kind: 'money', amount: '', currency: 'RUB' }, zone),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(fromDraft(field('list', { options: [] }, true), { kind: 'choices', value: [] }, zone)).toEqual({
      ok: true,
      value: null,
    });
  });

  it('edits a date-time in the account zone', () => {
    const at = field('datetime');
    expect(toDraft(at, '2026-12-01T07:30:00Z', zone, 'RUB')).toEqual({
      kind: 'datetime',
      day: '2026-12-01',
      time: '10:30',
    });
    expect(fromDraft(at, { kind: 'datetime', day: '2026-12-01', time: '10:30' }, zone)).toEqual({
      ok: true,
      value: '2026-12-01T10:30:00+03:00',
    });
  });

  it('explains links, e-mails and phones that do not fit', () => {
    expect(fromDraft(field('url'), { kind: 'text', value: 'javascript:alert(1)' }, zone)).toEqual({
      ok: false,
      problem: { key: 'url' },
    });
    expect(fromDraft(field('email'), { kind: 'text', value: 'not-mail' }, zone)).toEqual({
      ok: false,
      problem: { key: 'email' },
    });
    expect(fromDraft(field('email'), { kind: 'text', value: 'A@Example.com' }, zone)).toEqual({
      ok: true,
      value: 'a@example.com',
    });
  });

  it('keeps money with its currency and a boolean as false when unticked', () => {
    const budget = field('money', { currency: 'RUB' });
    expect(toDraft(budget, null, zone, 'USD')).toEqual({ kind: 'money', amount: '', currency: 'RUB' });
    expect(fromDraft(budget, { kind: 'money', amount: '150 000,5', currency: 'RUB' }, zone)).toEqual({
      ok: true,
      value: { amount: '150000.5', currency: 'RUB' },
    });
    expect(fromDraft(field('boolean'), { kind: 'boolean', value: false }, zone)).toEqual({
      ok: true,
      value: false,
    });
  });

  it('keeps uploaded files, one or several, and clears a field with none', () => {
    const contract = field('file', { maxSizeMb: 5, accept: ['application/pdf'] });
    const pdf = {
      fileId: '0b8f4c59-4b0e-4d7e-9a57-3a0f5c3c1f10',
      name: 'Договор.pdf',
      size: 1024,
      mime: 'application/pdf',
    };
    expect(toDraft(contract, pdf, zone, 'RUB')).toEqual({ kind: 'files', value: [pdf] });
    expect(toDraft(contract, null, zone, 'RUB')).toEqual({ kind: 'files', value: [] });
    expect(fromDraft(contract, { kind: 'files', value: [pdf] }, zone)).toEqual({ ok: true, value: pdf });
    expect(fromDraft(contract, { kind: 'files', value: [] }, zone)).toEqual({ ok: true, value: null });
    // The field's own rules: the type and the size it accepts.
    const image = {
      ...pdf,
      fileId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      name: 'photo.png',
      mime: 'image/png',
    };
    expect(fromDraft(contract, { kind: 'files', value: [image] }, zone)).toEqual({
      ok: false,
      problem: { reason: 'must be one of: application/pdf' },
    });
    const big = { ...pdf, size: 6 * 1024 * 1024 };
    expect(fromDraft(contract, { kind: 'files', value: [big] }, zone).ok).toBe(false);
    const several = field('file', { maxSizeMb: 5, accept: [] }, true);
    expect(toDraft(several, [pdf, image], zone, 'RUB')).toEqual({ kind: 'files', value: [pdf, image] });
    expect(fromDraft(several, { kind: 'files', value: [pdf, image] }, zone)).toEqual({
      ok: true,
      value: [pdf, image],
    });
  });

  it('links CRM records of the entities the field allows, without their names', () => {
    const client = field('crm_link', { targetEntities: ['contact', 'company'] });
    const id = '5d7c3b0e-2f4a-4c55-8f7e-0c5a4b6e9d21';
    expect(toDraft(client, { entity: 'company', id }, zone, 'RUB')).toEqual({
      kind: 'links',
      value: [{ entity: 'company', id, label: null }],
    });
    expect(
      fromDraft(client, { kind: 'links', value: [{ entity: 'company', id, label: 'ООО «Ромашка»' }] }, zone),
    ).toEqual({ ok: true, value: { entity: 'company', id } });
    expect(fromDraft(client, { kind: 'links', value: [{ entity: 'deal', id, label: 'x' }] }, zone)).toEqual({
      ok: false,
      problem: { reason: 'must link to one of: contact, company' },
    });
    expect(fromDraft(client, { kind: 'links', value: [] }, zone)).toEqual({ ok: true, value: null });
    const many = field('crm_link', { targetEntities: ['deal'] }, true);
    const other = '8a1f2e3d-4c5b-4a69-8e7f-9a0b1c2d3e4f';
    expect(
      fromDraft(
        many,
        {
          kind: 'links',
          value: [
            { entity: 'deal', id, label: null },
            { entity: 'deal', id: other, label: null },
          ],
        },
        zone,
      ),
    ).toEqual({
      ok: true,
      value: [
        { entity: 'deal', id },
        { entity: 'deal', id: other },
      ],
    });
  });

  it('books one of the field’s resources from a start to a later end, in the account zone', () => {
    const room = '1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b';
    const car = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
    const booking = field('resource_booking', { resourceIds: [room] });
    const stored = { resourceId: room, start: '2026-12-01T07:00:00Z', end: '2026-12-01T09:30:00Z' };
    const draft = {
      kind: 'booking' as const,
      resourceId: room,
      startDay: '2026-12-01',
      startTime: '10:00',
      endDay: '2026-12-01',
      endTime: '12:30',
    };
    expect(toDraft(booking, stored, zone, 'RUB')).toEqual(draft);
    expect(fromDraft(booking, draft, zone)).toEqual({
      ok: true,
      value: { resourceId: room, start: '2026-12-01T10:00:00+03:00', end: '2026-12-01T12:30:00+03:00' },
    });
    // An end without a day is on the start's day.
    expect(fromDraft(booking, { ...draft, endDay: '' }, zone).ok).toBe(true);
    expect(fromDraft(booking, { ...draft, endTime: '09:00' }, zone)).toEqual({
      ok: false,
      problem: { key: 'bookingEnd' },
    });
    expect(fromDraft(booking, { ...draft, resourceId: null }, zone)).toEqual({
      ok: false,
      problem: { key: 'resource' },
    });
    expect(fromDraft(booking, { ...draft, startDay: '' }, zone)).toEqual({
      ok: false,
      problem: { key: 'datetime' },
    });
    expect(fromDraft(booking, { ...draft, resourceId: car }, zone)).toEqual({
      ok: false,
      problem: { reason: 'must book one of the field’s resources' },
    });
    const empty = toDraft(booking, null, zone, 'RUB');
    expect(fromDraft(booking, empty, zone)).toEqual({ ok: true, value: null });
  });
});
