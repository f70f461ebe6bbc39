import { describe, expect, it } from 'vitest';
import { bulkChecks, bulkResult, changeEach, removeEach } from './bulk.js';
import { AppError } from './errors.js';

const rows = [
  { id: 'b', owner: 'me' },
  { id: 'a', owner: 'other' },
];

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('nothing was refused');
}

describe('bulkChecks', () => {
  it('refuses a missing record at its place in the request, after the rules of the records found', () => {
    const checks = bulkChecks(['a', 'x', 'b'], rows, 'lead');
    checks.check((row) => (row.owner === 'me' ? undefined : 'not yours'));
    const error = refusal(() => checks.throwIfRefused());
    expect(error.status).toBe(422);
    expect(error.extra.errors).toEqual([
      { field: 'body.ids.1', reason: 'No such lead' },
      { field: 'body.ids.0', reason: 'not yours' },
    ]);
  });

  it('passes when nothing is refused, and refuses what is added later', () => {
    const checks = bulkChecks(['b'], rows, 'deal');
    checks.check(() => undefined);
    expect(() => checks.throwIfRefused()).not.toThrow();
    checks.refuse(0, 'stage: is required');
    expect(refusal(() => checks.throwIfRefused()).extra.errors).toEqual([
      { field: 'body.ids.0', reason: 'stage: is required' },
    ]);
  });

  it('lists the records not already as asked, in request order', () => {
    const checks = bulkChecks(['a', 'b'], rows, 'deal');
    expect(checks.changing((row) => row.owner === 'me')).toEqual(['a']);
    expect(checks.changing(() => false)).toEqual(['a', 'b']);
    expect(checks.byId.get('b')).toEqual({ id: 'b', owner: 'me' });
  });

  it('gives the records found in request order, without the missing ones', () => {
    expect(
      bulkChecks(['a', 'x', 'b'], rows, 'deal')
        .found()
        .map((row) => row.id),
    ).toEqual(['a', 'b']);
  });
});

describe('removeEach', () => {
  it('removes first, then records one event per record in order', async () => {
    const calls: string[] = [];
    await removeEach(rows, {
      remove: () => Promise.resolve(calls.push('remove')),
      record: (row) => Promise.resolve(calls.push(`record ${row.id}`)),
    });
    expect(calls).toEqual(['remove', 'record b', 'record a']);
  });
});

describe('changeEach', () => {
  it('loads before and after the change and records one event per record, in order', async () => {
    const state = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const recorded: [string, number, number][] = [];
    const changed = await changeEach(['b', 'a'], {
      load: (ids) => Promise.resolve(new Map(ids.map((id) => [id, state.get(id) ?? 0]))),
      change: (before) => {
        for (const [id, value] of before) state.set(id, value * 10);
        return Promise.resolve();
      },
      record: (id, was, now) => Promise.resolve(recorded.push([id, was, now])),
    });
    expect(changed).toEqual(['b', 'a']);
    expect(recorded).toEqual([
      ['b', 2, 20],
      ['a', 1, 10],
    ]);
  });

  it('does nothing when no record changes', async () => {
    const calls: string[] = [];
    const changed = await changeEach([], {
      load: () => {
        calls.push('load');
        return Promise.resolve(new Map());
      },
      change: () => Promise.resolve(calls.push('change')),
      record: () => Promise.resolve(calls.push('record')),
    });
    expect(changed).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe('bulkResult', () => {
  it('counts the records changed', () => {
    expect(bulkResult('assign', ['a', 'b'])).toEqual({ action: 'assign', changed: ['a', 'b'], count: 2 });
  });
});
