import { describe, expect, it } from 'vitest';
import { chooserColumns } from './chooserColumns';

describe('chooserColumns', () => {
  it('keeps the order, labels each column and marks the required ones', () => {
    expect(
      chooserColumns(['name', 'amount', 'stage'] as const, ['name'], (key) => key.toUpperCase()),
    ).toEqual([
      { key: 'name', label: 'NAME', required: true },
      { key: 'amount', label: 'AMOUNT', required: false },
      { key: 'stage', label: 'STAGE', required: false },
    ]);
  });
});
