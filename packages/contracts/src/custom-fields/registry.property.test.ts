import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomField } from './definition.js';
import {
  customFieldRegistry,
  customFieldFilterSchema,
  customFieldFilterToStorage,
  customFieldStorageRows,
  customFieldValueSchema,
  type CustomFieldValue,
} from './registry.js';
import {
  compareRationals,
  dateInput,
  dateTimeInput,
  daysInMonth,
  decimalInput,
  spellDecimal,
  storableText,
} from './testing/arbitraries.js';
import { makeField, OPTION_IDS, RESOURCE_IDS } from './testing/fixtures.js';
import { CUSTOM_FIELD_FILTER_OPERATORS, type CustomFieldStorageRow, type CustomFieldType } from './types.js';
import { validateFieldValues } from './validate.js';

// Properties every type must have, then the ordering and exactness properties of the types that sort.

interface Case {
  field: CustomField;
  /** Inputs the field accepts, written in the ways clients write them. */
  valid: fc.Arbitrary<unknown>;
  /** Inputs it must refuse. */
  invalid: fc.Arbitrary<unknown>;
  /** Storage columns one value fills. */
  columns: (keyof CustomFieldStorageRow)[];
  /** Another spelling of the same value, where the type has one. */
  respell?: (raw: unknown) => fc.Arbitrary<unknown>;
  /** The eq / range operand that a parsed value should match, for the types that filter so. */
  equalityOperand?: (value: unknown) => unknown;
  rangeOperand?: (value: unknown) => unknown;
}

const same = (value: unknown) => value;
const uuid = fc.uuid();
const notUuid = fc.oneof(
  fc.constant('not-a-uuid'),
  fc.constant(42),
  uuid.map((id) => id.replaceAll('-', '')),
);
const nonString = fc.oneof(fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]));
const spaced = (text: string) =>
  fc
    .tuple(fc.constantFrom('', ' ', '\t', '\n '), fc.constantFrom('', ' ', ' \n'))
    .map(([a, b]) => a + text + b);
const tooLong = (length: number) =>
  fc.string({ unit: fc.constantFrom('a', 'я', '字'), minLength: length + 1, maxLength: length + 20 });
const withNul = storableText(20).map((text) => `${text}\u0000`);
const pick = (value: unknown, key: string): unknown => (value as Record<string, unknown>)[key];

const email = fc
  .record({
    local: fc.stringMatching(/^[A-Za-z0-9_+-]{1,20}$/),
    host: fc.stringMatching(/^[A-Za-z0-9]{1,12}(\.[A-Za-z0-9]{1,12}){0,2}$/),
    tld: fc.stringMatching(/^[A-Za-z]{2,6}$/),
  })
  .map(({ local, host, tld }) => `${local}@${host}.${tld}`);

const phone = fc
  .record({
    plus: fc.boolean(),
    digits: fc.stringMatching(/^\d{3,15}$/),
    separators: fc.array(fc.constantFrom('', '', ' ', '-', '(', ')', '.'), { minLength: 15, maxLength: 15 }),
    extension: fc.option(
      fc.tuple(fc.constantFrom(' доб. ', ' ext ', '#', ' x'), fc.stringMatching(/^\d{1,6}$/)),
    ),
  })
  .map(({ plus, digits, separators, extension }) => {
    const body = Array.from(digits, (digit) => digit)
      .map((digit, index) => digit + (index < digits.length - 1 ? (separators[index] ?? '') : ''))
      .join('');
    return (plus ? '+' : '') + body + (extension ? extension.join('') : '');
  });

const addressPart = fc.option(fc.oneof(fc.constant(''), storableText(50)), { nil: undefined });

const booking = fc
  .tuple(fc.constantFrom(...RESOURCE_IDS), dateTimeInput, dateTimeInput)
  .filter(([, a, b]) => a.instant !== b.instant)
  .map(([resourceId, a, b]) =>
    a.instant < b.instant
      ? { resourceId, start: a.raw, end: b.raw }
      : { resourceId, start: b.raw, end: a.raw },
  );

const fileField = makeField('file', { settings: { maxSizeMb: 5, accept: ['application/pdf', 'image/*'] } });
const numberField = makeField('number', {
  settings: { precision: 3, min: '-1000000000', max: 1_000_000_000 },
});

const cases: Record<CustomFieldType, Case> = {
  string: {
    field: makeField('string'),
    valid: storableText(300).chain(spaced),
    invalid: fc.oneof(fc.constantFrom('', '   ', '\n\t'), tooLong(2000), withNul, nonString),
    columns: ['text'],
    respell: (raw) => spaced((raw as string).trim()),
    equalityOperand: same,
  },
  text: {
    field: makeField('text'),
    valid: storableText(500),
    invalid: fc.oneof(fc.constantFrom('', '  \n  '), fc.constant('x'.repeat(100_001)), withNul, nonString),
    columns: ['text'],
  },
  number: {
    field: numberField,
    valid: decimalInput(3, 10n ** 9n).map(({ raw }) => raw),
    invalid: fc.oneof(
      fc.constantFrom('1.2345', '1000000000.001', '-1000000001', 'abc', '1e3', '1,5', '', '0x1F', 'NaN'),
      fc.constant(0.1 + 0.2),
      fc.boolean(),
      fc.constant({}),
    ),
    columns: ['number'],
    respell: (raw) => fc.constantFrom(`0${String(raw)}`.replace('0-', '-0'), String(raw)),
    equalityOperand: same,
    rangeOperand: same,
  },
  money: {
    field: makeField('money'),
    valid: fc.record({
      amount: decimalInput(2, 10n ** 15n - 1n).map(({ raw }) => raw),
      currency: fc.constantFrom('RUB', 'USD', 'EUR', 'KZT', 'BYN'),
    }),
    invalid: fc.oneof(
      fc.constant({ amount: '1.005', currency: 'RUB' }),
      fc.constant({ amount: '10', currency: 'rub' }),
      fc.constant({ amount: '10', currency: 'RUBL' }),
      fc.constant({ amount: '10' }),
      fc.constant({ amount: 'ten', currency: 'RUB' }),
      fc.constant({ amount: '10', currency: 'RUB', note: 'x' }),
      fc.constant('10 RUB'),
    ),
    columns: ['number', 'text'],
    respell: (raw) =>
      fc.constant({
        ...(raw as object),
        amount: `${String(pick(raw, 'amount'))}${String(pick(raw, 'amount')).includes('.') ? '0' : '.00'}`,
      }),
    equalityOperand: (value) => pick(value, 'amount'),
    rangeOperand: (value) => pick(value, 'amount'),
  },
  list: {
    field: makeField('list'),
    valid: fc.constantFrom(...OPTION_IDS),
    invalid: fc.oneof(
      uuid.filter((id) => !(OPTION_IDS as readonly string[]).includes(id)),
      fc.constant('Option 1'),
      notUuid,
    ),
    columns: ['ref'],
    equalityOperand: same,
  },
  date: {
    field: makeField('date'),
    valid: dateInput.map(({ raw }) => raw),
    invalid: fc.oneof(
      fc
        .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
        .map(
          ({ year, month }) =>
            `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${daysInMonth(year, month) + 1}`,
        ),
      fc.constantFrom(
        '2024-13-01',
        '2023-02-29',
        '0000-01-01',
        '31.12.2024',
        '2024-1-5',
        '2024-01-01T00:00:00Z',
        '',
      ),
      fc.integer(),
    ),
    columns: ['date'],
    equalityOperand: same,
    rangeOperand: same,
  },
  datetime: {
    field: makeField('datetime'),
    valid: dateTimeInput.map(({ raw }) => raw),
    invalid: fc.oneof(
      fc.constantFrom(
        '2024-01-01T10:00:00',
        '2024-01-01',
        '2024-01-01T10:00:00.1234567Z',
        '2024-02-30T10:00:00Z',
        '9999-12-31T23:00:00-05:00',
        '0001-01-01T00:00:00+05:00',
        '2024-01-01 10:00:00Z',
      ),
      fc.integer(),
    ),
    columns: ['datetime'],
    rangeOperand: same,
  },
  boolean: {
    field: makeField('boolean'),
    valid: fc.boolean(),
    invalid: fc.constantFrom('true', 'false', 0, 1, 'да', {}),
    columns: ['bool'],
    equalityOperand: same,
  },
  file: {
    field: fileField,
    valid: fc.record({
      fileId: uuid,
      name: storableText(100),
      size: fc.integer({ min: 0, max: 5 * 1024 * 1024 }),
      mime: fc.constantFrom('application/pdf', 'image/png', 'IMAGE/JPEG'),
    }),
    invalid: fc.oneof(
      fc.record({
        fileId: uuid,
        name: fc.constant('a.pdf'),
        size: fc.integer({ min: 5 * 1024 * 1024 + 1 }),
        mime: fc.constant('application/pdf'),
      }),
      fc.record({
        fileId: uuid,
        name: fc.constant('a.txt'),
        size: fc.constant(10),
        mime: fc.constantFrom('text/plain', 'application/zip'),
      }),
      fc.record({
        fileId: uuid,
        name: fc.constant(''),
        size: fc.constant(10),
        mime: fc.constant('image/png'),
      }),
      fc.record({
        fileId: uuid,
        name: fc.constant('a.png'),
        size: fc.constant(-1),
        mime: fc.constant('image/png'),
      }),
      fc.record({
        fileId: notUuid,
        name: fc.constant('a.png'),
        size: fc.constant(1),
        mime: fc.constant('image/png'),
      }),
    ),
    columns: ['ref'],
  },
  url: {
    field: makeField('url'),
    valid: fc
      .webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
      .filter((url) => url.length <= 2048),
    invalid: fc.oneof(
      fc
        .tuple(fc.webUrl(), fc.constantFrom('ftp', 'javascript', 'file', 'data', 'mailto'))
        .map(([url, scheme]) => url.replace(/^https?/, scheme)),
      fc.constantFrom(
        'javascript:alert(1)',
        'example.com',
        'http//example.com',
        'mailto:a@b.ru',
        'http://',
        '',
      ),
      nonString,
    ),
    columns: ['text'],
    respell: (raw) => spaced(raw as string),
    equalityOperand: same,
  },
  phone: {
    field: makeField('phone'),
    valid: phone,
    invalid: fc.constantFrom(
      '',
      'abc',
      '+7 999 CALL-ME',
      '12',
      '1234567890123456',
      'tel:+79991234567',
      '+7 (999) 123-45-67 доб. 1234567',
      79991234567,
    ),
    columns: ['text'],
    respell: (raw) => spaced(raw as string),
    equalityOperand: same,
  },
  email: {
    field: makeField('email'),
    valid: email,
    invalid: fc.oneof(fc.constantFrom('', 'no-at-sign', 'a@@b.ru', 'a@b', '@b.ru', 'a b@c.ru'), nonString),
    columns: ['text'],
    respell: (raw) => fc.constantFrom((raw as string).toUpperCase(), ` ${raw as string} `),
    equalityOperand: same,
  },
  address: {
    field: makeField('address'),
    valid: fc.record(
      {
        country: addressPart,
        region: addressPart,
        city: addressPart,
        street: addressPart,
        house: addressPart,
        flat: addressPart,
        postcode: addressPart,
        text: storableText(200),
      },
      { requiredKeys: ['text'] },
    ),
    invalid: fc.constantFrom(
      {},
      { text: '' },
      { text: 'Москва', floor: 3 },
      { text: 'Москва', city: 5 },
      'Москва, Тверская 1',
    ),
    columns: ['text'],
  },
  user: {
    field: makeField('user'),
    valid: uuid,
    invalid: notUuid,
    columns: ['ref'],
    equalityOperand: same,
  },
  crm_link: {
    field: makeField('crm_link'),
    valid: fc.record({ entity: fc.constantFrom('contact', 'company'), id: uuid }),
    invalid: fc.oneof(
      fc.record({ entity: fc.constantFrom('deal', 'lead', 'task'), id: uuid }),
      fc.record({ entity: fc.constant('contact') }),
      fc.record({ entity: fc.constant('contact'), id: notUuid }),
    ),
    columns: ['ref', 'text'],
    equalityOperand: same,
  },
  resource_booking: {
    field: makeField('resource_booking'),
    valid: booking,
    invalid: fc.oneof(
      dateTimeInput.map(({ raw }) => ({ resourceId: RESOURCE_IDS[0], start: raw, end: raw })),
      booking.map((b) => ({ ...b, start: b.end, end: b.start })),
      booking.chain((b) =>
        uuid
          .filter((id) => !(RESOURCE_IDS as readonly string[]).includes(id))
          .map((resourceId) => ({ ...b, resourceId })),
      ),
      booking.map(({ resourceId, start }) => ({ resourceId, start })),
    ),
    columns: ['ref', 'datetime'],
    equalityOperand: (value) => pick(value, 'resourceId'),
    rangeOperand: (value) => pick(value, 'start'),
  },
};

const multipleOf = (field: CustomField) => ({ ...field, multiple: true }) as CustomField;
const parse = (field: CustomField, raw: unknown) => customFieldValueSchema(field).safeParse(raw);
const parsed = (field: CustomField, raw: unknown): CustomFieldValue => {
  const result = parse(field, raw);
  if (!result.success || result.data === null)
    throw new Error(`expected ${JSON.stringify(raw)} to parse: ${String(result.error)}`);
  return result.data;
};

const COLUMN_FORMATS: Record<keyof CustomFieldStorageRow, (value: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length > 0,
  number: (v) => typeof v === 'string' && /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/.test(v),
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  datetime: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v),
  bool: (v) => typeof v === 'boolean',
  ref: (v) =>
    typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

describe.each(Object.entries(cases))('%s', (type, c) => {
  const { field } = c;

  it('parses every valid input into a value that parses to itself and stores in its typed columns', () => {
    fc.assert(
      fc.property(c.valid, (raw) => {
        const value = parsed(field, raw);
        expect(parsed(field, value)).toEqual(value);
        const rows = customFieldStorageRows(field, value);
        expect(rows).toHaveLength(1);
        const row = rows[0] ?? {};
        expect(Object.keys(row).sort()).toEqual([...c.columns].sort());
        for (const [column, stored] of Object.entries(row))
          expect(COLUMN_FORMATS[column as keyof CustomFieldStorageRow](stored)).toBe(true);
        // Storing is a function of the value alone: the value's own parse stores the same.
        expect(customFieldStorageRows(field, parsed(field, value))).toEqual(rows);
      }),
    );
  });

  it('refuses every invalid input and says why, at the field’s path', () => {
    fc.assert(
      fc.property(c.invalid, (raw) => {
        const result = parse(field, raw);
        expect(result.success).toBe(false);
        for (const issue of result.error?.issues ?? []) expect(issue.message).not.toBe('');
        const checked = validateFieldValues([field], { [field.id]: raw });
        expect(checked.ok).toBe(false);
        if (!checked.ok) {
          expect(checked.errors.length).toBeGreaterThan(0);
          for (const error of checked.errors) {
            expect(error.field).toBe(`customFields.${field.id}`);
            expect(error.reason).not.toBe('');
          }
        }
      }),
    );
  });

  it('clears with null', () => {
    expect(parse(field, null)).toEqual({ success: true, data: null });
    expect(customFieldStorageRows(field, null)).toEqual([]);
  });

  it('as a multiple field takes distinct values and refuses a repeated one', () => {
    const multiple = multipleOf(field);
    fc.assert(
      fc.property(fc.array(c.valid, { maxLength: 5 }), c.valid, (raws, repeated) => {
        const keys = raws.map((raw) => JSON.stringify(customFieldStorageRows(field, parsed(field, raw))));
        const distinct = new Set(keys).size === keys.length;
        const result = parse(multiple, raws);
        expect(result.success).toBe(distinct);
        if (result.success) {
          expect(customFieldStorageRows(multiple, result.data)).toHaveLength(raws.length);
          if (raws.length === 0) expect(result.data).toBeNull();
        }
        const twice = parse(multiple, [repeated, repeated]);
        expect(twice.success).toBe(false);
        expect(twice.error?.issues.some((issue) => issue.message.includes('repeats'))).toBe(true);
      }),
    );
  });

  if (c.respell) {
    const respell = c.respell;
    it('treats another spelling of a value as the same value', () => {
      fc.assert(
        fc.property(
          c.valid.chain((raw) => fc.tuple(fc.constant(raw), respell(raw))),
          ([raw, other]) => {
            expect(customFieldStorageRows(field, parsed(field, other))).toEqual(
              customFieldStorageRows(field, parsed(field, raw)),
            );
            expect(parse(multipleOf(field), [raw, other]).success).toBe(false);
          },
        ),
      );
    });
  }

  it('offers the operators its filter schema takes, and no others', () => {
    const entry = customFieldRegistry[type as CustomFieldType];
    const schema = customFieldFilterSchema(field);
    expect(entry.filterOperators).toEqual(expect.arrayContaining(['empty', 'not_empty']));
    for (const op of CUSTOM_FIELD_FILTER_OPERATORS) {
      if (!entry.filterOperators.includes(op))
        expect(schema.safeParse({ op, value: 'x', values: ['x'], from: 'x', to: 'x' }).success).toBe(false);
    }
    const contains = schema.safeParse({ op: 'contains', value: '  Тверская ' });
    expect(contains.success).toBe(entry.filterOperators.includes('contains'));
    if (contains.success)
      expect(customFieldFilterToStorage(field, contains.data)).toEqual({ op: 'contains', text: 'Тверская' });
    expect(customFieldFilterToStorage(field, schema.parse({ op: 'empty' }))).toEqual({ op: 'empty' });
  });

  if (c.equalityOperand) {
    const operand = c.equalityOperand;
    it('builds eq and in filters that match the stored value', () => {
      fc.assert(
        fc.property(c.valid, (raw) => {
          const value = parsed(field, raw);
          const row = customFieldStorageRows(field, value)[0] ?? {};
          const eq = customFieldFilterToStorage(
            field,
            customFieldFilterSchema(field).parse({ op: 'eq', value: operand(value) }),
          );
          const inList = customFieldFilterToStorage(
            field,
            customFieldFilterSchema(field).parse({ op: 'in', values: [operand(value)] }),
          );
          if (eq.op !== 'eq' || inList.op !== 'in') throw new Error('unexpected filter');
          // Every column the filter names holds that value in the stored row.
          expect(row).toEqual(expect.objectContaining(eq.row));
          expect(inList.rows).toEqual([eq.row]);
        }),
      );
    });
  }

  if (c.rangeOperand) {
    const operand = c.rangeOperand;
    it('builds range filters whose bounds compare in the stored column', () => {
      fc.assert(
        fc.property(c.valid, (raw) => {
          const value = parsed(field, raw);
          const row = customFieldStorageRows(field, value)[0] ?? {};
          const between = customFieldFilterToStorage(
            field,
            customFieldFilterSchema(field).parse({ op: 'between', from: operand(value), to: operand(value) }),
          );
          if (between.op !== 'between') throw new Error('unexpected filter');
          expect(row).toEqual(expect.objectContaining(between.from));
          expect(between.to).toEqual(between.from);
        }),
      );
    });
  }
});

describe('ordering and exactness of the stored columns', () => {
  it('number: stores the exact decimal, so index order is numeric order', () => {
    const field = makeField('number', { settings: { precision: 6 } });
    // Up to 15 integer digits, the most a value may have.
    const number = decimalInput(6, 10n ** 21n - 1n).filter(
      ({ exact }) => exact.replace('-', '').split('.')[0]!.length <= 15,
    );
    fc.assert(
      fc.property(number, number, (a, b) => {
        const [ra] = customFieldStorageRows(field, parsed(field, a.raw));
        const [rb] = customFieldStorageRows(field, parsed(field, b.raw));
        expect(compareRationals(ra?.number ?? '', a.exact)).toBe(0);
        expect(compareRationals(ra?.number ?? '', rb?.number ?? '')).toBe(compareRationals(a.exact, b.exact));
        // Equal numbers are equal strings, whatever their spelling.
        expect(ra?.number === rb?.number).toBe(compareRationals(a.exact, b.exact) === 0);
      }),
    );
  });

  it('money: amounts up to 2 decimals keep their exact decimal string, with no float drift', () => {
    const field = makeField('money');
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 17n - 1n), max: 10n ** 17n - 1n }),
        fc.boolean(),
        (cents, asNumber) => {
          const exact = spellDecimal(cents, 2);
          const amount = asNumber && cents.toString().replace('-', '').length <= 15 ? Number(exact) : exact;
          const [row] = customFieldStorageRows(field, parsed(field, { amount, currency: 'RUB' }));
          expect(compareRationals(row?.number ?? '', exact)).toBe(0);
          expect(row?.text).toBe('RUB');
        },
      ),
    );
  });

  it('date: stored text order is calendar order', () => {
    const field = makeField('date');
    fc.assert(
      fc.property(dateInput, dateInput, (a, b) => {
        const [ra] = customFieldStorageRows(field, parsed(field, a.raw));
        const [rb] = customFieldStorageRows(field, parsed(field, b.raw));
        const stored = (ra?.date ?? '') < (rb?.date ?? '') ? -1 : ra?.date === rb?.date ? 0 : 1;
        expect(stored).toBe(Math.sign(a.time - b.time));
      }),
    );
  });

  it('datetime: the same instant in any offset stores the same, and stored text order is time order', () => {
    const field = makeField('datetime');
    fc.assert(
      fc.property(dateTimeInput, dateTimeInput, (a, b) => {
        const [ra] = customFieldStorageRows(field, parsed(field, a.raw));
        const [rb] = customFieldStorageRows(field, parsed(field, b.raw));
        const sa = ra?.datetime ?? '';
        const sb = rb?.datetime ?? '';
        expect(Date.parse(sa)).toBe(Number(a.instant / 1000n) - (a.instant % 1000n < 0n ? 1 : 0));
        const stored = sa < sb ? -1 : sa === sb ? 0 : 1;
        expect(stored).toBe(a.instant < b.instant ? -1 : a.instant === b.instant ? 0 : 1);
      }),
    );
  });

  it('datetime: a multiple field refuses one instant written in two offsets', () => {
    const field = makeField('datetime', { multiple: true });
    expect(parse(field, ['2024-03-01T12:00:00+03:00', '2024-03-01T09:00:00Z']).success).toBe(false);
    expect(parse(field, ['2024-03-01T12:00:00+03:00', '2024-03-01T12:00:00Z']).success).toBe(true);
  });
});
