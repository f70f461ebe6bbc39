// The department tree (CORE-11): any depth, no cycles, a head per department. A department that still
// has sub-departments or users cannot be deleted (move them first), so nobody is left without a place.
import type { Department } from '@voronka/contracts';
import type { Selectable } from 'kysely';
import type { Db, DepartmentsTable } from '../../platform/db/index.js';
import { changesOf, type EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import { wouldCreateCycle } from './department-tree.js';
import type { DepartmentsRepository } from './departments.repository.js';

export const presentDepartment = (row: Selectable<DepartmentsTable>): Department => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  parentId: row.parent_id,
  headUserId: row.head_user_id,
  createdAt: row.created_at.toISOString(),
});

export function createDepartmentsService({
  db,
  repo,
  events,
}: {
  db: Db;
  repo: DepartmentsRepository;
  events: EventBus;
}) {
  async function checkRefs(
    trx: Db,
    actor: Actor,
    parentId: string | null | undefined,
    headUserId: string | null | undefined,
  ) {
    if (parentId && !(await repo.find(trx, actor.accountId, parentId)))
      throw invalidField('body.parentId', 'No such department');
    if (headUserId && !(await repo.userExists(trx, actor.accountId, headUserId)))
      throw invalidField('body.headUserId', 'No such user');
  }

  return {
    list: async (actor: Actor) => (await repo.list(db, actor.accountId)).map(presentDepartment),

    create: (actor: Actor, input: { name: string; parentId: string | null; headUserId: string | null }) =>
      db.transaction().execute(async (trx) => {
        await checkRefs(trx, actor, input.parentId, input.headUserId);
        const row = await repo.insert(trx, { accountId: actor.accountId, ...input });
        await events.record(trx, eventContextOf(actor), {
          type: 'department.created',
          entity: 'department',
          entityId: row.id,
          payload: { name: row.name, parentId: row.parent_id },
        });
        return presentDepartment(row);
      }),

    update: (
      actor: Actor,
      id: string,
      input: {
        name?: string | undefined;
        parentId?: string | null | undefined;
        headUserId?: string | null | undefined;
      },
    ) =>
      db.transaction().execute(async (trx) => {
        const current = await repo.find(trx, actor.accountId, id);
        if (!current) throw notFound('Department');
        await checkRefs(trx, actor, input.parentId, input.headUserId);
        if (input.parentId !== undefined) {
          const all = (await repo.list(trx, actor.accountId)).map((d) => ({
            id: d.id,
            parentId: d.parent_id,
          }));
          if (wouldCreateCycle(all, id, input.parentId)) {
            throw invalidField(
              'body.parentId',
              'A department cannot be placed inside itself or its sub-department',
            );
          }
        }
        const changes = changesOf(
          { name: current.name, parentId: current.parent_id, headUserId: current.head_user_id },
          input,
        );
        if (Object.keys(changes).length === 0) return presentDepartment(current);
        const row = await repo.update(trx, actor.accountId, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
          ...(input.headUserId !== undefined ? { head_user_id: input.headUserId } : {}),
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'department.updated',
          entity: 'department',
          entityId: id,
          payload: { name: row.name, changes },
        });
        return presentDepartment(row);
      }),

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const current = await repo.find(trx, actor.accountId, id);
        if (!current) throw notFound('Department');
        if ((await repo.countChildren(trx, actor.accountId, id)) > 0) {
          throw conflict('department_has_children', 'Move or delete its sub-departments first');
        }
        if ((await repo.countMembers(trx, actor.accountId, id)) > 0) {
          throw conflict('department_has_users', 'Move its users to another department first');
        }
        await repo.clearPendingInvitations(trx, actor.accountId, id);
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'department.deleted',
          entity: 'department',
          entityId: id,
          payload: { name: current.name },
        });
      }),
  };
}
export type DepartmentsService = ReturnType<typeof createDepartmentsService>;
