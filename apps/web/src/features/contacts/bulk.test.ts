import { describe, expect, it } from 'vitest';
import { runEach } from './RecordBulkBar';

describe('bulk actions one by one', () => {
  it('goes on after a refusal and names each refused record with its reason', async () => {
    const seen: string[] = [];
    const outcome = await runEach(
      [
        { id: 'a', version: 1 },
        { id: 'b', version: 2 },
        { id: 'c', version: 3 },
      ],
      (record) => {
        seen.push(record.id);
        return record.id === 'b' ? Promise.reject(new Error('stale')) : Promise.resolve();
      },
      (error) => (error instanceof Error ? error.message : 'unknown'),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(outcome.done).toEqual(['a', 'c']);
    expect([...outcome.failed]).toEqual([['b', 'stale']]);
  });
});
