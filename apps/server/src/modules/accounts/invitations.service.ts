// Invitations by link (PLAT-1): an administrator invites an e-mail with a role (and department); the
// link carries a one-time secret (stored hashed, valid 7 days). Accepting creates the user in the account,
// and the identity too when the e-mail is new (an existing identity proves itself with its password).
import type { Invitation, Role } from '@voronka/contracts';
import type { Selectable } from 'kysely';
import { onMissingReference, type Db, type InvitationsTable } from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { hashPassword, newSecret, sha256, verifyPassword } from '../../platform/crypto/index.js';
import { AppError, conflict, invalidField, notFound, unauthorized } from '../../platform/errors.js';
import type { AccountsRepository } from './accounts.repository.js';
import type { AccountsService, ClientMeta } from './accounts.service.js';
import type { InvitationsRepository } from './invitations.repository.js';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const presentInvitation = (row: Selectable<InvitationsTable>): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  departmentId: row.department_id,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  acceptedAt: row.accepted_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export function createInvitationsService(deps: {
  db: Db;
  repo: InvitationsRepository;
  accountsRepo: AccountsRepository;
  accounts: AccountsService;
  events: EventBus;
  /** Fixed public address; when undefined the caller's request origin is used. */
  publicUrl: string | undefined;
}) {
  const { db, repo, accountsRepo, events } = deps;

  async function openInvitation(token: string) {
    const invitation = await repo.findByTokenHash(db, sha256(token));
    if (!invitation) throw notFound('Invitation');
    if (invitation.revoked_at) throw new AppError(410, 'invitation_revoked', 'This invitation was withdrawn');
    if (invitation.accepted_at)
      throw new AppError(410, 'invitation_used', 'This invitation has already been used');
    if (invitation.expires_at.getTime() < Date.now()) {
      throw new AppError(410, 'invitation_expired', 'This invitation has expired; ask for a new one');
    }
    return invitation;
  }

  return {
    async create(
      actor: Actor,
      input: { email: string; role: Role; departmentId: string | null },
      requestOrigin: string,
    ) {
      const identity = await accountsRepo.findIdentityByEmail(db, input.email);
      if (identity) {
        const member = await accountsRepo.findMembership(db, identity.id, actor.accountId);
        if (member)
          throw invalidField('body.email', 'This person is already a user of the account', 'already_member');
      }
      const token = newSecret('vki_');
      const row = await db.transaction().execute(async (trx) => {
        const created = await repo
          .insert(trx, {
            accountId: actor.accountId,
            email: input.email,
            role: input.role,
            departmentId: input.departmentId,
            tokenHash: sha256(token),
            invitedBy: actor.userId,
            expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
          })
          .catch(onMissingReference('body.departmentId', 'No such department'));
        await events.record(trx, eventContextOf(actor), {
          type: 'invitation.created',
          entity: 'invitation',
          entityId: created.id,
          payload: { email: created.email, role: created.role },
        });
        return created;
      });
      return { ...presentInvitation(row), token, url: `${deps.publicUrl ?? requestOrigin}/invite/${token}` };
    },

    list: async (actor: Actor) => (await repo.list(db, actor.accountId)).map(presentInvitation),

    async revoke(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const invitation = await repo.find(trx, actor.accountId, id);
        if (!invitation) throw notFound('Invitation');
        if (invitation.accepted_at)
          throw conflict('invitation_used', 'This invitation has already been accepted');
        if (invitation.revoked_at) return;
        await repo.revoke(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'invitation.revoked',
          entity: 'invitation',
          entityId: id,
          payload: { email: invitation.email },
        });
      });
    },

    async preview(token: string) {
      const invitation = await openInvitation(token);
      const identity = await accountsRepo.findIdentityByEmail(db, invitation.email);
      return {
        accountName: invitation.account_name,
        email: invitation.email,
        role: invitation.role,
        existingIdentity: Boolean(identity),
      };
    },

    async accept(token: string, input: { name?: string | undefined; password: string }, meta: ClientMeta) {
      const invitation = await openInvitation(token);
      const existing = await accountsRepo.findIdentityByEmail(db, invitation.email);
      if (existing && !(await verifyPassword(existing.password_hash, input.password))) {
        throw unauthorized('invalid_credentials', 'Wrong password for this e-mail');
      }
      if (!existing && !input.name) throw invalidField('body.name', 'Enter your name');
      const passwordHash = existing ? undefined : await hashPassword(input.password);
      const identityId = await db.transaction().execute(async (trx) => {
        const account = await accountsRepo.findAccount(trx, invitation.account_id);
        const identity =
          existing ??
          (await accountsRepo.insertIdentity(trx, {
            email: invitation.email,
            passwordHash: passwordHash ?? '',
            locale: account?.locale ?? 'ru',
          }));
        if (await accountsRepo.findMembership(trx, identity.id, invitation.account_id)) {
          throw conflict('already_member', 'You are already a user of this account');
        }
        const user = await accountsRepo.insertUser(trx, {
          accountId: invitation.account_id,
          identityId: identity.id,
          name: input.name ?? identity.email.split('@')[0] ?? identity.email,
          role: invitation.role,
          departmentId: invitation.department_id,
        });
        const marked = await repo.markAccepted(trx, invitation.account_id, invitation.id, user.id);
        if (marked.numUpdatedRows === 0n)
          throw new AppError(410, 'invitation_used', 'This invitation has already been used');
        const context: EventContext = {
          accountId: invitation.account_id,
          actorUserId: user.id,
          source: 'ui',
        };
        await events.record(trx, context, {
          type: 'user.created',
          entity: 'user',
          entityId: user.id,
          payload: { name: user.name, role: user.role, invitationId: invitation.id },
        });
        await events.record(trx, context, {
          type: 'invitation.accepted',
          entity: 'invitation',
          entityId: invitation.id,
          payload: { email: invitation.email, userId: user.id },
        });
        return identity.id;
      });
      const sessionToken = await deps.accounts.openSession(identityId, invitation.account_id, meta);
      return { token: sessionToken, me: await deps.accounts.buildMe(identityId, invitation.account_id) };
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
