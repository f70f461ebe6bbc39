import { describe, expect, it } from 'vitest';
import {
  convertValues,
  dayOf,
  fieldTargetOf,
  inPeriod,
  isValidEmail,
  listOptionsOf,
  stageKindOf,
  taskText,
  taskTypeOf,
} from './amocrm-mapping.js';
import { withLinked } from '@voronka/contracts';

const ctx = { timeZone: 'Europe/Moscow', currency: 'RUB' };
const field = (type: string, multiple = false) => {
  const target = fieldTargetOf({ type, entity: 'leads' });
  if (target.kind !== 'field') throw new Error('not a field');
  return { ...target, multiple: target.multiple || multiple };
};

describe('amoCRM mapping', () => {
  it('ticks linked entities, in the order records depend on each other', () => {
    expect(withLinked(['contacts'])).toEqual(['users', 'companies', 'contacts']);
    expect(withLinked(['tasks'])).toEqual(['users', 'companies', 'contacts', 'pipelines', 'deals', 'tasks']);
    expect(withLinked(['pipelines'])).toEqual(['pipelines']);
  });

  it('maps 142/143 to Won/Lost and the Unsorted stage (type 1) to Unsorted', () => {
    expect(stageKindOf({ id: 142, type: 0 })).toBe('won');
    expect(stageKindOf({ id: 143, type: 0 })).toBe('lost');
    expect(stageKindOf({ id: 32392156, type: 1 })).toBe('unsorted');
    expect(stageKindOf({ id: 32392160, type: 0 })).toBe('open');
  });

  it('maps every amoCRM field type to a Voronka type; phones and e-mails to the record’s own', () => {
    expect(fieldTargetOf({ type: 'multitext', code: 'PHONE', entity: 'contacts' })).toEqual({
      kind: 'own',
      own: 'phones',
    });
    expect(fieldTargetOf({ type: 'multitext', code: 'EMAIL', entity: 'companies' })).toEqual({
      kind: 'own',
      own: 'emails',
    });
    const types = Object.fromEntries(
      [
        'text',
        'textarea',
        'numeric',
        'monetary',
        'checkbox',
        'select',
        'radiobutton',
        'multiselect',
        'date',
        'date_time',
        'birthday',
        'url',
        'streetaddress',
        'smart_address',
        'legal_entity',
        'items',
        'chained_list',
        'file',
        'payer',
        'something_new',
      ].map((t) => [t, field(t).type]),
    );
    expect(types).toEqual({
      text: 'string',
      textarea: 'text',
      numeric: 'number',
      monetary: 'money',
      checkbox: 'boolean',
      select: 'list',
      radiobutton: 'list',
      multiselect: 'list',
      date: 'date',
      date_time: 'datetime',
      birthday: 'date',
      url: 'url',
      streetaddress: 'address',
      smart_address: 'address',
      legal_entity: 'text',
      items: 'text',
      chained_list: 'text',
      file: 'text',
      payer: 'text',
      something_new: 'text',
    });
    expect(field('multiselect').multiple).toBe(true);
  });

  it('converts values without loss: date-time stays a moment, dates in the account’s zone, structures as JSON', () => {
    expect(convertValues('date_time', field('date_time'), [{ value: 1_700_000_000 }], ctx)).toEqual({
      value: '2023-11-14T22:13:20Z',
    });
    // amoCRM keeps dates at the account's midnight: 2024-03-01 00:00 MSK.
    expect(convertValues('date', field('date'), [{ value: 1_709_240_400 }], ctx)).toEqual({
      value: '2024-03-01',
    });
    expect(convertValues('numeric', field('numeric'), [{ value: '14012' }], ctx)).toEqual({ value: '14012' });
    expect(convertValues('numeric', field('numeric'), [{ value: 'много' }], ctx)).toEqual({ raw: 'много' });
    expect(convertValues('monetary', field('monetary'), [{ value: '1500.50' }], ctx)).toEqual({
      value: { amount: '1500.5', currency: 'RUB' },
    });
    expect(convertValues('url', field('url'), [{ value: 'example.ru/x' }], ctx)).toEqual({
      value: 'https://example.ru/x',
    });
    const options = new Map([
      ['окна', 'o1'],
      ['двери', 'o2'],
    ]);
    expect(
      convertValues('multiselect', field('multiselect'), [{ value: 'Окна' }, { value: 'Двери' }], {
        ...ctx,
        options,
      }),
    ).toEqual({ value: ['o1', 'o2'] });
    expect(
      convertValues(
        'smart_address',
        field('smart_address'),
        [
          { value: 'ул. Мира, д. 5', enum_code: 'address_line_1' },
          { value: 'Казань', enum_code: 'city' },
        ],
        ctx,
      ),
    ).toEqual({ value: { street: 'ул. Мира, д. 5', city: 'Казань', text: 'ул. Мира, д. 5, Казань' } });
    const legal = { name: 'ООО «Вектор»', vat_id: '7701234567' };
    expect(convertValues('legal_entity', field('legal_entity'), [{ value: legal }], ctx)).toEqual({
      value: JSON.stringify(legal, null, 2),
    });
  });

  it('keeps list options unique by label, in amoCRM’s order', () => {
    expect(
      listOptionsOf([
        { value: 'Б', sort: 20 },
        { value: 'А', sort: 10 },
        { value: 'а', sort: 30 },
      ]),
    ).toEqual([
      { label: 'А', position: 0 },
      { label: 'Б', position: 1 },
    ]);
  });

  it('e-mails, tasks and periods', () => {
    expect(isValidEmail('ivan@@mail.ru')).toBe(false);
    expect(isValidEmail('info@company,ru')).toBe(false);
    expect(isValidEmail('ivan@mail.ru')).toBe(true);
    expect(taskTypeOf(1)).toBe('call');
    expect(taskTypeOf(2)).toBe('meeting');
    expect(taskTypeOf(7)).toBe('other');
    expect(taskText('Перезвонить', { text: 'Не дозвонились' })).toBe(
      'Перезвонить\n\nРезультат: Не дозвонились',
    );
    expect(taskText('Перезвонить', [])).toBe('Перезвонить');
    expect(dayOf(1_709_240_400, 'Europe/Moscow')).toBe('2024-03-01');
    expect(inPeriod(1_709_240_400, { from: '2024-03-01', to: '2024-03-01' }, 'Europe/Moscow')).toBe(true);
    expect(inPeriod(1_709_240_399, { from: '2024-03-01', to: '2024-03-31' }, 'Europe/Moscow')).toBe(false);
    expect(inPeriod(1, null, 'Europe/Moscow')).toBe(true);
  });
});
