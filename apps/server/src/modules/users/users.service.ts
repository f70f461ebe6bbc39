// The people of an account (CORE-11): everyone sees colleagues; administrators change roles and
// departments and deactivate users. Deactivation keeps the user and its history (records stay
// attributed), only signing in to this account stops. The account always keeps an active administrator.
import type { Role, User } from '@voronka/contracts';
import { onMissingReference, type Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { UserRow, UsersRepository } from './users.repository.js';

export const presentUser = (row: UserRow): User => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  email: row.email,
  role: row.role,
  departmentId: row.department_id,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  deactivatedAt: row.deactivated_at?.toISOString() ?? null,
});

export function createUsersService({
  db,
  repo,
  events,
  onAccessChanged,
}: {
  db: Db;
  repo: UsersRepository;
  events: EventBus;
  /** Called once a change of a role or of the active flag committed: cached sessions are stale. */
  onAccessChanged: () => void;
}) {
  async function load(trx: Db, actor: Actor, id: string) {
    const row = await repo.find(trx, actor.accountId, id);
    if (!row) throw notFound('User');
    return row;
  }

  async function setActive(actor: Actor, id: string, active: boolean) {
    const user = await db.transaction().execute(async (trx) => {
      const row = await load(trx, actor, id);
      if (row.active === active) return presentUser(row);
      if (!active) {
        if (row.id === actor.userId)
          throw conflict('cannot_deactivate_self', 'You cannot deactivate yourself');
        if (row.role === 'admin' && (await repo.countActiveAdmins(trx, actor.accountId)) <= 1) {
          throw conflict('last_admin', 'The account must keep at least one active administrator');
        }
      }
      await repo.update(trx, actor.accountId, id, { active, deactivated_at: active ? null : new Date() });
      await events.record(trx, eventContextOf(actor), {
        type: active ? 'user.activated' : 'user.deactivated',
        entity: 'user',
        entityId: id,
        payload: { name: row.name },
      });
      return presentUser(await load(trx, actor, id));
    });
    onAccessChanged();
    return user;
  }

  return {
    list: async (actor: Actor) => (await repo.list(db, actor.accountId)).map(presentUser),
    get: async (actor: Actor, id: string) => presentUser(await load(db, actor, id)),

    async update(
      actor: Actor,
      id: string,
      input: { name?: string | undefined; role?: Role | undefined; departmentId?: string | null | undefined },
    ) {
      const user = await db.transaction().execute(async (trx) => {
        const row = await load(trx, actor, id);
        const onlyOwnName =
          row.id === actor.userId && input.role === undefined && input.departmentId === undefined;
        if (actor.role !== 'admin' && !onlyOwnName)
          throw forbidden('Only an administrator may change other users, roles and departments');
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const set: Parameters<UsersRepository['update']>[3] = {};
        if (input.name !== undefined && input.name !== row.name) {
          changes.name = { from: row.name, to: input.name };
          set.name = input.name;
        }
        if (input.role !== undefined && input.role !== row.role) {
          if (
            row.role === 'admin' &&
            row.active &&
            (await repo.countActiveAdmins(trx, actor.accountId)) <= 1
          ) {
            throw invalidField(
              'body.role',
              'The account must keep at least one active administrator',
              'last_admin',
            );
          }
          changes.role = { from: row.role, to: input.role };
          set.role = input.role;
        }
        if (input.departmentId !== undefined && input.departmentId !== row.department_id) {
          changes.departmentId = { from: row.department_id, to: input.departmentId };
          set.department_id = input.departmentId;
        }
        if (Object.keys(changes).length === 0) return presentUser(row);
        await repo
          .update(trx, actor.accountId, id, set)
          .catch(onMissingReference('body.departmentId', 'No such department'));
        await events.record(trx, eventContextOf(actor), {
          type: 'user.updated',
          entity: 'user',
          entityId: id,
          payload: { changes },
        });
        return presentUser(await load(trx, actor, id));
      });
      if (input.role !== undefined) onAccessChanged();
      return user;
    },

    deactivate: (actor: Actor, id: string) => setActive(actor, id, false),
    activate: (actor: Actor, id: string) => setActive(actor, id, true),
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
