import { describe, expect, it } from 'vitest';
import { applyCustomFieldUpdate, type CustomField } from './definition.js';
import {
  customFieldRegistry,
  customFieldDefaultValue,
  customFieldFilterSchema,
  FILTER_MAX_VALUES,
  customFieldFilterToStorage,
  customFieldStorageRows,
  customFieldValueSchema,
} from './registry.js';
import { makeField, OPTION_IDS, RESOURCE_IDS } from './testing/fixtures.js';
import { CUSTOM_FIELD_TYPES } from './types.js';

const accepts = (field: CustomField, value: unknown) =>
  customFieldValueSchema(field).safeParse(value).success;
const parse = (field: CustomField, value: unknown) => customFieldValueSchema(field).parse(value);
const reason = (field: CustomField, value: unknown) =>
  customFieldValueSchema(field)
    .safeParse(value)
    .error?.issues.map((issue) => issue.message)
    .join('; ');
const USER = '3b9a0f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('registry', () => {
  it('has an entry for every type', () => {
    expect(Object.keys(customFieldRegistry).sort()).toEqual([...CUSTOM_FIELD_TYPES].sort());
    for (const type of CUSTOM_FIELD_TYPES) expect(customFieldRegistry[type].type).toBe(type);
  });

  it('sorts only where the stored order is the order people expect', () => {
    const sortable = CUSTOM_FIELD_TYPES.filter((type) => customFieldRegistry[type].sortable);
    expect(sortable).toEqual(expect.arrayContaining(['string', 'number', 'money', 'date', 'datetime']));
    // Long text is not indexed whole; option and user ids say nothing about order.
    for (const type of ['text', 'list', 'user', 'file', 'crm_link'] as const)
      expect(customFieldRegistry[type].sortable).toBe(false);
  });

  it('gives each type the filters that make sense for it', () => {
    const ops = (type: (typeof CUSTOM_FIELD_TYPES)[number]) => customFieldRegistry[type].filterOperators;
    expect(ops('text')).toContain('contains');
    expect(ops('text')).not.toContain('eq');
    expect(ops('file')).toEqual(['empty', 'not_empty']);
    expect(ops('list')).toEqual(expect.arrayContaining(['eq', 'neq', 'in']));
    expect(ops('list')).not.toContain('gt');
    expect(ops('number')).toEqual(expect.arrayContaining(['gt', 'between', 'in']));
    expect(ops('datetime')).toEqual(expect.arrayContaining(['gte', 'lt', 'between']));
    expect(ops('boolean')).not.toContain('contains');
  });
});

describe('values of each type', () => {
  it('string: trimmed, up to 2000 characters, any number of lines', () => {
    const field = makeField('string', { settings: { rows: 3 } });
    expect(parse(field, '  ООО «Ромашка»\n')).toBe('ООО «Ромашка»');
    expect(parse(field, 'one\ntwo')).toBe('one\ntwo');
    expect(accepts(field, 'я'.repeat(2000))).toBe(true);
    expect(accepts(field, 'я'.repeat(2001))).toBe(false);
    expect(reason(field, '   ')).toMatch(/empty/);
    expect(reason(field, 'a\u0000b')).toMatch(/NUL/);
  });

  it('text: keeps its whitespace, up to 100,000 characters', () => {
    const field = makeField('text');
    expect(parse(field, '  indented\n\nparagraph  ')).toBe('  indented\n\nparagraph  ');
    expect(accepts(field, 'x'.repeat(100_000))).toBe(true);
    expect(accepts(field, 'x'.repeat(100_001))).toBe(false);
  });

  it('number: a canonical decimal string within precision and range', () => {
    const field = makeField('number', { settings: { precision: 2, min: '-10', max: '1000.5' } });
    expect(parse(field, 12.5)).toBe('12.5');
    expect(parse(field, '0012.50')).toBe('12.5');
    expect(parse(field, '1000.50')).toBe('1000.5');
    expect(parse(field, -10)).toBe('-10');
    expect(reason(field, '1.005')).toMatch(/2 decimal places/);
    expect(reason(field, '1000.51')).toMatch(/at most 1000.5/);
    expect(reason(field, '-10.01')).toMatch(/at least -10/);
    expect(accepts(makeField('number', { settings: { precision: 0 } }), '1.5')).toBe(false);
  });

  it('money: an exact amount and a currency of its own', () => {
    const field = makeField('money', { settings: { currency: 'RUB' } });
    expect(parse(field, { amount: '1500.50', currency: 'USD' })).toEqual({
      amount: '1500.5',
      currency: 'USD',
    });
    expect(customFieldStorageRows(field, parse(field, { amount: 0.1, currency: 'RUB' }))).toEqual([
      { number: '0.1', text: 'RUB' },
    ]);
    expect(accepts(field, { amount: '1.005', currency: 'RUB' })).toBe(false);
    expect(accepts(field, { amount: '10' })).toBe(false);
  });

  it('list: the id of one of the options, not its label', () => {
    const field = makeField('list');
    expect(parse(field, OPTION_IDS[1])).toBe(OPTION_IDS[1]);
    expect(reason(field, USER)).toMatch(/options/);
    expect(accepts(field, 'Option 1')).toBe(false);
    expect(customFieldStorageRows(field, OPTION_IDS[0])).toEqual([{ ref: OPTION_IDS[0] }]);
  });

  it('date: real calendar dates only', () => {
    const field = makeField('date');
    expect(accepts(field, '2024-02-29')).toBe(true);
    expect(accepts(field, '2023-02-29')).toBe(false);
    expect(accepts(field, '2024-04-31')).toBe(false);
    expect(accepts(field, '01.02.2024')).toBe(false);
    expect(customFieldStorageRows(field, '2024-02-29')).toEqual([{ date: '2024-02-29' }]);
  });

  it('datetime: keeps the offset it was given and stores the instant in UTC to the microsecond', () => {
    const field = makeField('datetime');
    expect(parse(field, '2024-03-01T12:00:00+03:00')).toBe('2024-03-01T12:00:00+03:00');
    expect(customFieldStorageRows(field, '2024-03-01T01:30:00+03:00')).toEqual([
      { datetime: '2024-02-29T22:30:00.000000Z' },
    ]);
    // What Python's isoformat() sends.
    expect(customFieldStorageRows(field, '2024-03-01T12:00:00.123456-05:30')).toEqual([
      { datetime: '2024-03-01T17:30:00.123456Z' },
    ]);
    expect(reason(field, '2024-03-01T12:00:00')).toBeTruthy();
    expect(accepts(field, '2024-03-01T12:00:00.1234567Z')).toBe(false);
  });

  it('boolean: true or false, and false is a value', () => {
    const field = makeField('boolean');
    expect(parse(field, false)).toBe(false);
    expect(customFieldStorageRows(field, false)).toEqual([{ bool: false }]);
    expect(accepts(field, 'false')).toBe(false);
  });

  it('file: within the size limit and the accepted types', () => {
    const field = makeField('file', { settings: { maxSizeMb: 1, accept: ['application/pdf', 'image/*'] } });
    const file = { fileId: USER, name: 'Договор.pdf', size: 1024 * 1024, mime: 'application/pdf' };
    expect(parse(field, file)).toEqual(file);
    expect(parse(field, { ...file, mime: 'Image/PNG' })).toEqual({ ...file, mime: 'image/png' });
    expect(reason(field, { ...file, size: 1024 * 1024 + 1 })).toMatch(/1 MB/);
    expect(reason(field, { ...file, mime: 'text/html' })).toMatch(/application\/pdf, image\/\*/);
    expect(customFieldStorageRows(field, file)).toEqual([{ ref: USER }]);
  });

  it('url: web links only', () => {
    const field = makeField('url');
    expect(parse(field, ' https://пример.рф/путь?q=1 ')).toBe('https://пример.рф/путь?q=1');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<script>',
      'ftp://files.example.com',
      'example.com',
    ])
      expect(reason(field, bad)).toMatch(/http/);
  });

  it('phone: as written, with separators and an extension, digits counted', () => {
    const field = makeField('phone');
    expect(parse(field, ' +7 (999) 123-45-67 доб. 123 ')).toBe('+7 (999) 123-45-67 доб. 123');
    expect(accepts(field, '8.800.555.35.35')).toBe(true);
    expect(accepts(field, '+7 999 call me')).toBe(false);
    expect(accepts(field, '12')).toBe(false);
  });

  it('email: trimmed and lower-cased', () => {
    const field = makeField('email');
    expect(parse(field, ' Ivan.Petrov@Example.RU ')).toBe('ivan.petrov@example.ru');
    expect(accepts(field, 'ivan@')).toBe(false);
  });

  it('address: blank parts dropped, the readable line required and stored', () => {
    const field = makeField('address');
    const value = parse(field, {
      city: 'Москва',
      street: 'Тверская',
      house: '1',
      flat: '',
      text: 'Москва, Тверская, 1',
    });
    expect(value).toEqual({ city: 'Москва', street: 'Тверская', house: '1', text: 'Москва, Тверская, 1' });
    expect(customFieldStorageRows(field, value)).toEqual([{ text: 'Москва, Тверская, 1' }]);
    expect(accepts(field, { city: 'Москва' })).toBe(false);
  });

  it('user: a user id', () => {
    const field = makeField('user');
    expect(customFieldStorageRows(field, parse(field, USER))).toEqual([{ ref: USER }]);
    expect(accepts(field, 'ivan')).toBe(false);
  });

  it('crm_link: a record of one of the target entities', () => {
    const field = makeField('crm_link', { settings: { targetEntities: ['company'] } });
    expect(customFieldStorageRows(field, parse(field, { entity: 'company', id: USER }))).toEqual([
      { ref: USER, text: 'company' },
    ]);
    expect(reason(field, { entity: 'contact', id: USER })).toMatch(/company/);
  });

  it('resource_booking: one of the field’s resources, ending after it starts', () => {
    const field = makeField('resource_booking');
    const booking = {
      resourceId: RESOURCE_IDS[0],
      start: '2024-03-01T10:00:00+03:00',
      end: '2024-03-01T11:00:00+03:00',
    };
    expect(customFieldStorageRows(field, parse(field, booking))).toEqual([
      { ref: RESOURCE_IDS[0], datetime: '2024-03-01T07:00:00.000000Z' },
    ]);
    // The same instant in another offset is not "after".
    expect(reason(field, { ...booking, end: '2024-03-01T07:00:00Z' })).toMatch(/after start/);
    expect(reason(field, { ...booking, resourceId: USER })).toMatch(/resources/);
  });
});

describe('multiple values', () => {
  it('keeps order, turns [] into null, refuses repeats and more than 100 values', () => {
    const field = makeField('number', { multiple: true });
    expect(parse(field, ['3', 1, '2.50'])).toEqual(['3', '1', '2.5']);
    expect(parse(field, [])).toBeNull();
    expect(reason(field, ['2.5', 2.5])).toMatch(/repeats/);
    expect(
      accepts(
        field,
        Array.from({ length: 101 }, (_, i) => i),
      ),
    ).toBe(false);
    expect(accepts(field, '3')).toBe(false);
    expect(customFieldStorageRows(field, ['3', '1'])).toEqual([{ number: '3' }, { number: '1' }]);
  });

  it('an updated field gets a schema of its own, not the cached one of its old version', () => {
    const field = makeField('number', { settings: { max: 10 } });
    expect(accepts(field, 20)).toBe(false);
    const updated = applyCustomFieldUpdate(field, { settings: { max: 100 } });
    expect(updated.success && accepts(updated.data, 20)).toBe(true);
    expect(accepts(field, 20)).toBe(false);
  });

  it('single fields take no arrays', () => {
    expect(accepts(makeField('string'), ['a'])).toBe(false);
  });
});

describe('filters', () => {
  it('parses operands like values and maps them to storage', () => {
    const field = makeField('number');
    const filter = customFieldFilterSchema(field).parse({ op: 'between', from: '010.50', to: 20 });
    expect(customFieldFilterToStorage(field, filter)).toEqual({
      op: 'between',
      from: { number: '10.5' },
      to: { number: '20' },
    });
    // A range filter is not a value: it may go beyond the field's min and max.
    const limited = makeField('number', { settings: { min: 0 } });
    expect(customFieldFilterSchema(limited).safeParse({ op: 'lt', value: -5 }).success).toBe(true);
  });

  it('compares datetimes as instants, whatever offset the filter uses', () => {
    const field = makeField('datetime');
    const filter = customFieldFilterSchema(field).parse({ op: 'gte', value: '2024-03-01T00:00:00+03:00' });
    expect(customFieldFilterToStorage(field, filter)).toEqual({
      op: 'gte',
      row: { datetime: '2024-02-29T21:00:00.000000Z' },
    });
  });

  it('filters a list by existing options only', () => {
    const field = makeField('list');
    expect(
      customFieldFilterSchema(field).safeParse({ op: 'in', values: [OPTION_IDS[0], OPTION_IDS[2]] }).success,
    ).toBe(true);
    expect(customFieldFilterSchema(field).safeParse({ op: 'eq', value: USER }).success).toBe(false);
    expect(customFieldFilterSchema(field).safeParse({ op: 'in', values: [] }).success).toBe(false);
  });

  it('filters money by amount and bookings by resource or start', () => {
    const money = makeField('money');
    expect(
      customFieldFilterToStorage(money, customFieldFilterSchema(money).parse({ op: 'gt', value: '100.00' })),
    ).toEqual({
      op: 'gt',
      row: { number: '100' },
    });
    const booking = makeField('resource_booking');
    expect(
      customFieldFilterToStorage(
        booking,
        customFieldFilterSchema(booking).parse({ op: 'eq', value: RESOURCE_IDS[1] }),
      ),
    ).toEqual({
      op: 'eq',
      row: { ref: RESOURCE_IDS[1] },
    });
  });

  it('names the operators a type takes when given another', () => {
    const result = customFieldFilterSchema(makeField('file')).safeParse({ op: 'eq', value: USER });
    expect(result.error?.issues[0]?.message).toMatch(/empty/);
  });

  it('bounds in-lists', () => {
    const field = makeField('user');
    const values = Array.from(
      { length: FILTER_MAX_VALUES + 1 },
      (_, i) => `${USER.slice(0, -3)}${String(i).padStart(3, '0')}`,
    );
    expect(customFieldFilterSchema(field).safeParse({ op: 'in', values }).success).toBe(false);
    expect(customFieldFilterSchema(field).safeParse({ op: 'in', values: values.slice(1) }).success).toBe(
      true,
    );
  });
});

describe('customFieldDefaultValue', () => {
  const now = new Date('2024-03-01T22:30:00.000Z');

  it('is null without a default rule', () => {
    expect(customFieldDefaultValue(makeField('string'), now)).toBeNull();
  });

  it('"now" is today in the account’s time zone for a date, the instant for a datetime', () => {
    const date = makeField('date', { default: { kind: 'now' } });
    expect(customFieldDefaultValue(date, now)).toBe('2024-03-01');
    expect(customFieldDefaultValue(date, now, 'Europe/Moscow')).toBe('2024-03-02');
    expect(customFieldDefaultValue(date, now, 'America/New_York')).toBe('2024-03-01');
    const datetime = makeField('datetime', { default: { kind: 'now' } });
    expect(customFieldDefaultValue(datetime, now, 'Europe/Moscow')).toBe('2024-03-01T22:30:00.000Z');
    expect(customFieldValueSchema(datetime).safeParse(customFieldDefaultValue(datetime, now)).success).toBe(
      true,
    );
  });

  it('a fixed value, canonical, once per multiple field', () => {
    expect(
      customFieldDefaultValue(makeField('number', { default: { kind: 'fixed', value: 7.5 } }), now),
    ).toBe('7.5');
    const multiple = makeField('email', {
      multiple: true,
      default: { kind: 'fixed', value: 'Sales@Example.ru' },
    });
    expect(customFieldDefaultValue(multiple, now)).toEqual(['sales@example.ru']);
  });

  it('a list starts at its default option', () => {
    const field = makeField('list', {
      settings: { options: [{ id: OPTION_IDS[0], label: 'A', position: 0 }], defaultOptionId: OPTION_IDS[0] },
    });
    expect(customFieldDefaultValue(field, now)).toBe(OPTION_IDS[0]);
    expect(customFieldDefaultValue(makeField('list'), now)).toBeNull();
  });

  it('the registry entry gives the same default', () => {
    const field = makeField('date', { default: { kind: 'now' } });
    expect(customFieldRegistry.date.defaultValue(field, now, 'Asia/Vladivostok')).toBe('2024-03-02');
  });
});
