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
});
