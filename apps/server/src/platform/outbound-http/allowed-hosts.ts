// The account's outbound allow-list (an account setting kept by administrators): hosts that outbound
// requests made for this account may reach even on private addresses. Replacing the list is one
// transaction and one `outbound_hosts.updated` event (so it is in the account's history).
import type { FieldError } from '@voronka/contracts';
import type { Db } from '../db/index.js';
import { invalidFields } from '../errors.js';
import type { EventBus } from '../events/index.js';
import { eventContextOf, type Actor } from '../http/index.js';
import { normalizeAllowedHost } from './address-policy.js';

export function createAllowedHostsRepository() {
  return {
    list: async (db: Db, accountId: string) =>
      (
        await db
          .selectFrom('outbound_allowed_hosts')
          .select('host')
          .where('account_id', '=', accountId)
          .orderBy('host')
          .execute()
      ).map((r) => r.host),

    replace: async (db: Db, accountId: string, hosts: string[], userId: string) => {
      await db.deleteFrom('outbound_allowed_hosts').where('account_id', '=', accountId).execute();
      if (hosts.length > 0)
        await db
          .insertInto('outbound_allowed_hosts')
          .values(hosts.map((host) => ({ account_id: accountId, host, created_by: userId })))
          .execute();
    },
  };
}

export function createAllowedHostsService(deps: { db: Db; events: EventBus }) {
  const repo = createAllowedHostsRepository();
  return {
    /**
     * The list for one account (outbound requests made on its behalf pass it along); read inside `trx`
     * when given (a robot's webhook in its run's transaction).
     */
    of: (accountId: string, trx: Db = deps.db) => repo.list(trx, accountId),

    get: async (actor: Actor) => ({ hosts: await repo.list(deps.db, actor.accountId) }),

    replace: (actor: Actor, entries: string[]) => {
      const errors: FieldError[] = [];
      const hosts = new Set<string>();
      entries.forEach((entry, index) => {
        const host = normalizeAllowedHost(entry);
        if (host) hosts.add(host);
        else
          errors.push({
            field: `body.hosts.${index}`,
            reason: 'must be a host name or IP address, optionally with :port (no scheme, path or wildcard)',
          });
      });
      if (errors.length > 0) throw invalidFields(errors);
      const sorted = [...hosts].sort();
      return deps.db.transaction().execute(async (trx) => {
        const before = await repo.list(trx, actor.accountId);
        if (before.join('\n') === sorted.join('\n')) return { hosts: before };
        await repo.replace(trx, actor.accountId, sorted, actor.userId);
        await deps.events.record(trx, eventContextOf(actor), {
          type: 'outbound_hosts.updated',
          entity: 'account',
          entityId: actor.accountId,
          payload: { changes: { outboundHosts: { from: before, to: sorted } } },
        });
        return { hosts: sorted };
      });
    },
  };
}
export type AllowedHostsService = ReturnType<typeof createAllowedHostsService>;
