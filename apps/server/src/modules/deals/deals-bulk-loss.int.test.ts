// Bulk move to a Lost stage with a loss reason (and comment) for every deal moved: checked as on a single
// move (an item of `loss_reasons`, only with a Lost stage), all or nothing, in the change history, and
// kept inside the account.
import { expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp, type Client } from '../../../test/http.js';

interface Stage {
  id: string;
  kind: 'unsorted' | 'open' | 'won' | 'lost';
}

async function stagesOf(client: Client) {
  const res = await client.get('/api/pipelines');
  const pipeline = res.body.items.find((p: { isDefault: boolean }) => p.isDefault) as { stages: Stage[] };
  const lost = pipeline.stages.find((s) => s.kind === 'lost');
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  if (!lost || open.length < 2) throw new Error('unexpected default pipeline');
  return { lost, open };
}

const lossReasons = async (client: Client) =>
  ((await client.get('/api/reference-lists/loss_reasons')).body.items as { id: string }[]).map((i) => i.id);

describeEachDatabase('deals: bulk move to Lost with a loss reason', (get) => {
  it('gives every moved deal the reason and comment; refuses them for other stages and foreign reasons', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    // Works on the administrator's deals: a director's role (ADR 0018).
    await assignRole(admin.client, member.userId, 'director');
    const { lost, open } = await stagesOf(admin.client);
    const [reason, otherReason] = await lossReasons(admin.client);
    if (!reason || !otherReason) throw new Error('the account has no loss reasons');
    const created = await Promise.all(
      ['Окна', 'Двери', 'Крыша'].map((name) => admin.client.post('/api/deals', { name, amount: '1000' })),
    );
    const dealIds = created.map((d) => d.body.id as string);
    const other = await signUp(get());
    const [foreignReason] = await lossReasons(other.client);
    const otherLost = (await stagesOf(other.client)).lost;

    // A reason only goes with a Lost stage; a reason of another list or account is not one.
    const before = await databaseChecksum(get());
    const notLost = await admin.client.post('/api/deals/bulk', {
      action: 'move',
      ids: dealIds,
      stageId: open[1]?.id,
      lossReasonId: reason,
      lossComment: 'Дорого',
    });
    expect(notLost.status).toBe(422);
    expect(notLost.body.errors).toEqual([
      { field: 'body.lossReasonId', reason: 'Only a lost deal has a loss reason' },
      { field: 'body.lossComment', reason: 'Only a lost deal has a loss comment' },
    ]);
    const foreign = await admin.client.post('/api/deals/bulk', {
      action: 'move',
      ids: dealIds,
      stageId: lost.id,
      lossReasonId: foreignReason,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      { field: 'body.lossReasonId', reason: 'is not an item of the loss reasons list' },
    ]);
    const source = (
      (await admin.client.get('/api/reference-lists/sources')).body.items as { id: string }[]
    )[0];
    const wrongList = await admin.client.post('/api/deals/bulk', {
      action: 'move',
      ids: dealIds,
      stageId: lost.id,
      lossReasonId: source?.id,
    });
    expect(wrongList.status).toBe(422);
    // Another account's deals are not found, whatever the reason.
    const foreignDeals = await other.client.post('/api/deals/bulk', {
      action: 'move',
      ids: dealIds,
      stageId: otherLost.id,
      lossReasonId: foreignReason,
    });
    expect(foreignDeals.status).toBe(422);
    expect(foreignDeals.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.ids.0',
      'body.ids.1',
      'body.ids.2',
    ]);
    expect(await databaseChecksum(get())).toBe(before);

    // A member may move deals in bulk (as in the single move): all three lost, with the reason and comment.
    const moved = await member.client.post('/api/deals/bulk', {
      action: 'move',
      ids: dealIds,
      stageId: lost.id,
      lossReasonId: reason,
      lossComment: '  Выбрали конкурента  ',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ action: 'move', changed: dealIds, count: 3 });
    for (const id of dealIds) {
      const deal = (await admin.client.get(`/api/deals/${id}`)).body;
      expect(deal).toMatchObject({
        stageId: lost.id,
        status: 'lost',
        lossReasonId: reason,
        lossComment: 'Выбрали конкурента',
      });
      expect(deal.closedAt).not.toBeNull();
    }
    const events = await get()
      .database.db.selectFrom('domain_events')
      .select(['entity_id', 'payload', 'actor_user_id'])
      .where('type', '=', 'deal.updated')
      .where('entity_id', 'in', dealIds)
      .execute();
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.actor_user_id).toBe(member.userId);
      expect((event.payload as { changes: Record<string, unknown> }).changes).toMatchObject({
        stageId: { to: lost.id },
        lossReasonId: { from: null, to: reason },
        lossComment: { from: null, to: 'Выбрали конкурента' },
      });
    }

    // Without a reason the move keeps each deal's own; reopening clears it, as a single move does.
    await admin.client.post('/api/deals/bulk', { action: 'move', ids: [dealIds[0]], stageId: open[0]?.id });
    const reopened = (await admin.client.get(`/api/deals/${dealIds[0]}`)).body;
    expect(reopened).toMatchObject({ status: 'open', lossReasonId: null, lossComment: null });
    const again = await admin.client.post('/api/deals/bulk', {
      action: 'move',
      ids: [dealIds[0]],
      stageId: lost.id,
      lossReasonId: otherReason,
    });
    expect(again.body.count).toBe(1);
    expect((await admin.client.get(`/api/deals/${dealIds[0]}`)).body).toMatchObject({
      lossReasonId: otherReason,
      lossComment: null,
    });
    expect((await admin.client.get(`/api/deals/${dealIds[1]}`)).body.lossReasonId).toBe(reason);
  });
});
