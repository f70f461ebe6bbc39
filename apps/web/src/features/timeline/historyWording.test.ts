import { describe, expect, it } from 'vitest';
import type { CustomField, HistoryEntry } from '@voronka/contracts';
import { customFieldText, formatMoney } from './fieldText';
import { describeHistory, type HistoryResolvers } from './historyWording';

const LIST_FIELD = {
  id: 'f-list',
  entity: 'deal',
  name: 'Product',
  code: null,
  multiple: false,
  required: false,
  requiredFromStageIds: [],
  showInFilter: true,
  showInList: false,
  sort: 500,
  pipelineIds: null,
  type: 'list',
  settings: {
    options: [
      { id: 'o1', label: 'Ceilings', position: 0 },
      { id: 'o2', label: 'Windows', position: 1 },
    ],
    defaultOptionId: null,
    display: 'dropdown',
  },
  default: { kind: 'none' },
} as const satisfies CustomField;

const ADDRESS_FIELD = {
  ...LIST_FIELD,
  id: 'f-addr',
  name: 'Site address',
  type: 'string',
  settings: { rows: 1 },
};

const resolvers: HistoryResolvers = {
  locale: 'en',
  timeZone: 'Europe/Moscow',
  userName: (id) => ({ u1: 'Anna', u2: 'Boris' })[id] ?? null,
  yes: 'Yes',
  no: 'No',
  fieldLabel: (field) =>
    ({
      name: 'Name',
      amount: 'Amount',
      responsibleUserId: 'Responsible',
      closeDate: 'Close date',
      tags: 'Tags',
      contacts: 'Contacts',
      items: 'Line items',
      sourceId: 'Source',
    })[field] ?? null,
  stageName: (id) => ({ s1: 'Measurement', s2: 'Contract' })[id] ?? null,
  pipelineName: () => 'Sales',
  referenceName: (id) => ({ r1: 'Website' })[id] ?? null,
  companyName: () => null,
  customField: (id) =>
    [LIST_FIELD, ADDRESS_FIELD].find((field) => field.id === id) as CustomField | undefined,
  status: (status) => status.toUpperCase(),
  itemCount: (count) => `${count} items`,
  currency: 'RUB',
  unknown: '(deleted)',
};

const entry = (type: string, changes: HistoryEntry['changes']): HistoryEntry => ({
  id: 'e1',
  type,
  entity: 'deal',
  entityId: 'd1',
  actorUserId: 'u1',
  source: 'ui',
  changes,
  details: {},
  occurredAt: '2026-12-05T07:00:00Z',
});

describe('history wording', () => {
  it('tells a stage move by stage names and hides what the move implies', () => {
    const wording = describeHistory(
      entry('deal.updated', {
        stageId: { from: 's1', to: 's2' },
        status: { from: 'open', to: 'won' },
        closedAt: { from: null, to: '2026-12-05T07:00:00Z' },
      }),
      resolvers,
    );
    expect(wording.kind).toBe('stage');
    expect(wording.stage).toEqual({ from: 'Measurement', to: 'Contract' });
    expect(wording.changes).toEqual([]);
  });

  it('writes field changes as old → new with names, money and dates', () => {
    const wording = describeHistory(
      entry('deal.updated', {
        name: { from: 'Old', to: 'New' },
        amount: { from: '150000.00', to: '99.50' },
        responsibleUserId: { from: 'u1', to: 'u2' },
        closeDate: { from: null, to: '2026-12-31' },
        tags: { from: ['vip'], to: ['vip', 'b2b'] },
        contacts: { from: [], to: [{ id: 'c1', name: 'Ivanov Ivan', isPrimary: true }] },
        sourceId: { from: 'r1', to: 'gone' },
      }),
      resolvers,
    );
    expect(wording.kind).toBe('updated');
    expect(wording.changes).toEqual([
      { field: 'name', label: 'Name', from: 'Old', to: 'New' },
      {
        field: 'amount',
        label: 'Amount',
        from: formatMoney('150000', 'RUB', 'en'),
        to: formatMoney('99.5', 'RUB', 'en'),
      },
      { field: 'responsibleUserId', label: 'Responsible', from: 'Anna', to: 'Boris' },
      { field: 'closeDate', label: 'Close date', from: null, to: 'Dec 31, 2026' },
      { field: 'tags', label: 'Tags', from: 'vip', to: 'vip, b2b' },
      { field: 'contacts', label: 'Contacts', from: null, to: 'Ivanov Ivan' },
      { field: 'sourceId', label: 'Source', from: 'Website', to: '(deleted)' },
    ]);
  });

  it('expands custom fields into one line per changed field, with list labels', () => {
    const wording = describeHistory(
      entry('deal.updated', {
        customFields: {
          from: { 'f-list': 'o1', 'f-addr': 'Lenina 1' },
          to: { 'f-list': 'o2', 'f-addr': 'Lenina 1' },
        },
      }),
      resolvers,
    );
    expect(wording.changes).toEqual([
      { field: 'customFields.f-list', label: 'Product', from: 'Ceilings', to: 'Windows' },
    ]);
  });

  it('counts line items and skips fields without a label', () => {
    const wording = describeHistory(
      entry('deal.updated', {
        items: { from: [], to: [{ name: 'a' }, { name: 'b' }] },
        leadId: { from: null, to: 'x' },
      }),
      resolvers,
    );
    expect(wording.changes).toEqual([{ field: 'items', label: 'Line items', from: null, to: '2 items' }]);
  });

  it('names creation and deletion without field lines', () => {
    expect(describeHistory(entry('deal.created', null), resolvers)).toEqual({ kind: 'created', changes: [] });
    expect(describeHistory(entry('contact.deleted', null), resolvers).kind).toBe('deleted');
    expect(describeHistory(entry('contact.merged', null), resolvers).kind).toBe('merged');
  });
});

describe('money and custom-field values', () => {
  it('shows roubles with the ₽ sign, kopecks only when there are', () => {
    expect(formatMoney('150000.00', 'RUB', 'ru').replace(/\s/g, ' ')).toBe('150 000 ₽');
    expect(formatMoney('99.50', 'RUB', 'ru').replace(/\s/g, ' ')).toBe('99,50 ₽');
    expect(formatMoney('150000', 'RUB', 'en')).toBe('₽150,000');
  });

  it('formats by field type and treats empty as empty', () => {
    expect(customFieldText(LIST_FIELD, 'o2', resolvers)).toBe('Windows');
    expect(customFieldText({ ...LIST_FIELD, multiple: true }, ['o1', 'o2'], resolvers)).toBe(
      'Ceilings, Windows',
    );
    expect(customFieldText(LIST_FIELD, null, resolvers)).toBeNull();
    expect(customFieldText({ ...LIST_FIELD, multiple: true }, [], resolvers)).toBeNull();
    expect(customFieldText({ ...ADDRESS_FIELD, type: 'boolean', settings: {} }, false, resolvers)).toBe('No');
  });
});
