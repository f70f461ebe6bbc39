// Lead statuses (CORE-2, 004 ch. 1): open statuses in the account's order, then exactly one Converted and one
// Junk. The finals can be renamed and recoloured, never deleted or moved; open statuses can be added,
// renamed, recoloured, reordered and deleted — a status with leads only with `moveTo`, another open status
// their leads go to (each moved lead gets a history entry). Everyone reads them; administrators change them.
import type { LeadStatus } from '@voronka/contracts';
import type { Selectable, Transaction } from 'kysely';
import type { DB, Db, LeadStatusesTable } from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import type { LeadStatusesRepository } from './lead-statuses.repository.js';
import {
  defaultStatuses,
  isPermutationOfOpen,
  moveAmongOpen,
  openIdsOf,
  orderStatuses,
  positionsFor,
} from './status-order.js';

export const presentStatus = (row: Selectable<LeadStatusesTable>): LeadStatus => ({
  id: row.id,
  name: row.name,
  color: row.color,
  kind: row.kind,
  position: row.position,
});

export function createLeadStatusesService(deps: { db: Db; repo: LeadStatusesRepository; events: EventBus }) {
  const { db, repo, events } = deps;

  const listIn = async (trx: Db, accountId: string) =>
    orderStatuses(await repo.list(trx, accountId)).map(presentStatus);

  return {
    list: (actor: Actor) => listIn(db, actor.accountId),

    /** The statuses of a new account, in its language (inside the account's creation transaction). */
    async createDefaults(trx: Transaction<DB>, context: EventContext, locale: string) {
      await repo.insert(
        trx,
        context.accountId,
        defaultStatuses(locale).map((s, position) => ({ ...s, position })),
      );
    },

    create: (actor: Actor, input: { name: string; color: string; position?: number | undefined }) =>
      db.transaction().execute(async (trx) => {
        const statuses = await repo.lockAll(trx, actor.accountId);
        const [created] = await repo.insert(trx, actor.accountId, [
          { name: input.name, color: input.color, kind: 'open', position: statuses.length },
        ]);
        if (!created) throw new Error('status insert returned nothing');
        const all = [...statuses, created];
        await repo.setPositions(
          trx,
          actor.accountId,
          positionsFor(all, moveAmongOpen(openIdsOf(statuses), created.id, input.position)),
        );
        await events.record(trx, eventContextOf(actor), {
          type: 'lead_status.created',
          entity: 'lead_status',
          entityId: created.id,
          payload: { name: created.name, color: created.color },
        });
        return presentStatus((await repo.find(trx, actor.accountId, created.id)) ?? created);
      }),

    update: (
      actor: Actor,
      id: string,
      input: { name?: string | undefined; color?: string | undefined; position?: number | undefined },
    ) =>
      db.transaction().execute(async (trx) => {
        const statuses = await repo.lockAll(trx, actor.accountId);
        const status = statuses.find((s) => s.id === id);
        if (!status) throw notFound('Lead status');
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (input.name !== undefined && input.name !== status.name)
          changes.name = { from: status.name, to: input.name };
        if (input.color !== undefined && input.color !== status.color)
          changes.color = { from: status.color, to: input.color };
        if (input.position !== undefined) {
          if (status.kind !== 'open')
            throw invalidField(
              'body.position',
              'Converted and Junk keep their places; only open statuses move',
            );
          const before = openIdsOf(statuses);
          const after = moveAmongOpen(before, id, input.position);
          if (after.join() !== before.join()) {
            changes.position = { from: before.indexOf(id) + 1, to: after.indexOf(id) + 1 };
            await repo.setPositions(trx, actor.accountId, positionsFor(statuses, after));
          }
        }
        if (changes.name || changes.color) {
          await repo.update(trx, actor.accountId, id, {
            ...(changes.name ? { name: input.name } : {}),
            ...(changes.color ? { color: input.color } : {}),
          });
        }
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'lead_status.updated',
            entity: 'lead_status',
            entityId: id,
            payload: { name: input.name ?? status.name, changes },
          });
        }
        const updated = await repo.find(trx, actor.accountId, id);
        if (!updated) throw notFound('Lead status');
        return presentStatus(updated);
      }),

    reorder: (actor: Actor, statusIds: string[]) =>
      db.transaction().execute(async (trx) => {
        const statuses = await repo.lockAll(trx, actor.accountId);
        if (!isPermutationOfOpen(statuses, statusIds))
          throw invalidField('body.statusIds', 'List every open status exactly once');
        const before = openIdsOf(statuses);
        if (statusIds.join() !== before.join()) {
          await repo.setPositions(trx, actor.accountId, positionsFor(statuses, statusIds));
          await events.record(trx, eventContextOf(actor), {
            type: 'lead_status.reordered',
            entity: 'lead_status',
            entityId: null,
            payload: { from: before, to: statusIds },
          });
        }
        return listIn(trx, actor.accountId);
      }),

    remove: (actor: Actor, id: string, moveTo: string | undefined) =>
      db.transaction().execute(async (trx) => {
        const statuses = await repo.lockAll(trx, actor.accountId);
        const status = statuses.find((s) => s.id === id);
        if (!status) throw notFound('Lead status');
        if (status.kind !== 'open')
          throw conflict('final_status', 'Converted and Junk cannot be deleted; rename them instead');
        if (openIdsOf(statuses).length === 1)
          throw conflict('last_open_status', 'New leads need an open status; add another one first');
        const context = eventContextOf(actor);
        let target: Selectable<LeadStatusesTable> | undefined;
        if (moveTo !== undefined) {
          target = statuses.find((s) => s.id === moveTo);
          if (!target || target.id === id || target.kind !== 'open')
            throw invalidField('querystring.moveTo', 'Choose another open status');
        }
        const count = await repo.countLeads(trx, actor.accountId, id);
        if (count > 0 && !target) {
          throw conflict(
            'status_not_empty',
            `The status still has ${count} lead${count === 1 ? '' : 's'}; choose the open status to move them to (moveTo)`,
          );
        }
        if (count > 0 && target) {
          const moved = await repo.moveLeads(trx, actor.accountId, id, target.id);
          for (const lead of moved) {
            await events.record(trx, context, {
              type: 'lead.updated',
              entity: 'lead',
              entityId: lead.id,
              payload: {
                name: lead.name,
                reason: 'status_deleted',
                changes: { statusId: { from: id, to: target.id } },
              },
            });
          }
        }
        await repo.delete(trx, actor.accountId, id);
        const remaining = statuses.filter((s) => s.id !== id);
        await repo.setPositions(trx, actor.accountId, positionsFor(remaining, openIdsOf(remaining)));
        await events.record(trx, context, {
          type: 'lead_status.deleted',
          entity: 'lead_status',
          entityId: id,
          payload: { name: status.name, movedTo: target?.id ?? null, movedLeads: count },
        });
      }),
  };
}
export type LeadStatusesService = ReturnType<typeof createLeadStatusesService>;
