import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';

describeEachDatabase('Idempotency-Key on POST', (get) => {
  it('a retry with the same key and request gets the first answer, and the work is done once', async () => {
    const admin = await signUp(get());
    const headers = { 'idempotency-key': 'create-dept-1' };
    const first = await admin.client.post('/api/departments', { name: 'Логистика' }, headers);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await admin.client.post('/api/departments', { name: 'Логистика' }, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const departments = (await admin.client.get('/api/departments')).body.items;
    expect(departments.filter((d: { name: string }) => d.name === 'Логистика')).toHaveLength(1);
  });

  it('the same key with a different request is refused; errors are replayed too; keys are per account', async () => {
    const admin = await signUp(get());
    const headers = { 'idempotency-key': 'k-42' };
    await admin.client.post('/api/departments', { name: 'Склад' }, headers);
    const reused = await admin.client.post('/api/departments', { name: 'Другой' }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      code: 'idempotency_key_reused',
      errors: [{ field: 'headers.idempotency-key' }],
    });

    const missingParent = { name: 'X', parentId: '00000000-0000-4000-8000-000000000000' };
    const failed = await admin.client.post('/api/departments', missingParent, { 'idempotency-key': 'k-err' });
    expect(failed.status).toBe(422);
    const again = await admin.client.post('/api/departments', missingParent, { 'idempotency-key': 'k-err' });
    expect(again.status).toBe(422);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toContain('application/problem+json');

    const other = await signUp(get());
    const sameKeyElsewhere = await other.client.post('/api/departments', { name: 'Склад' }, headers);
    expect(sameKeyElsewhere.status).toBe(201);
    expect(sameKeyElsewhere.headers['idempotent-replayed']).toBeUndefined();
    expect(
      (await admin.client.post('/api/departments', { name: 'Y' }, { 'idempotency-key': 'x'.repeat(256) }))
        .status,
    ).toBe(400);
  });
});
