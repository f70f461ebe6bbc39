// Invitations by link (PLAT-1): an administrator invites an e-mail with a role (and department); the
// link carries a one-time secret (stored hashed, valid 7 days). Accepting creates the user in the account,
// and the identity too when the e-mail is new (an existing identity proves itself with its password).
import type { Invitation, Role } from '@voronka/contracts';
import type { Selectable, Transaction } from 'kysely';
import { onMissingReference, type DB, type Db, type InvitationsTable } from '../../platform/db/index.js';
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

    /**
     * Invites a person on behalf of a migration, inside its transaction (seed 000: the source CRM's users are
     * invited by e-mail, and their records are theirs at once). The user exists from now on in the invited
     * state (inactive: no sign-in) and can be the responsible person of records; accepting the invitation
     * activates that user. Returns the user — an existing one when the e-mail already has a user here (invited
     * earlier, or matched), or null when that user was deactivated (the migration falls back to its default).
     */
    async inviteForImport(
      trx: Transaction<DB>,
      actor: Actor,
      input: { email: string; name: string },
    ): Promise<{ userId: string; invitationId: string | null } | null> {
      const email = input.email.trim().toLowerCase();
      const existing = await accountsRepo.findIdentityByEmail(trx, email);
      if (existing) {
        const member = await accountsRepo.findMembership(trx, existing.id, actor.accountId);
        if (member)
          return member.active || member.invited_at ? { userId: member.id, invitationId: null } : null;
      }
      const account = await accountsRepo.findAccount(trx, actor.accountId);
      // An identity without a password cannot sign in; accepting the invitation sets one.
      const identity =
        existing ??
        (await accountsRepo.insertIdentity(trx, {
          email,
          passwordHash: '',
          locale: account?.locale ?? 'ru',
        }));
      const user = await accountsRepo.insertUser(trx, {
        accountId: actor.accountId,
        identityId: identity.id,
        name: input.name.trim().slice(0, 200) || email,
        role: 'member',
        invited: true,
      });
      const invitation = await repo.insert(trx, {
        accountId: actor.accountId,
        email,
        role: 'member',
        departmentId: null,
        tokenHash: sha256(newSecret('vki_')),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        userId: user.id,
      });
      await events.record(trx, eventContextOf(actor), {
        type: 'user.created',
        entity: 'user',
        entityId: user.id,
        payload: { name: user.name, role: user.role, invitationId: invitation.id, invited: true },
      });
      await events.record(trx, eventContextOf(actor), {
        type: 'invitation.created',
        entity: 'invitation',
        entityId: invitation.id,
        payload: { email, role: invitation.role, userId: user.id },
      });
      return { userId: user.id, invitationId: invitation.id };
    },

    /**
     * A new link for an open invitation (the secret is stored hashed, so a lost link cannot be shown again;
     * a migration's invitations have never been shown): the old link stops working, 7 more days.
     */
    async renewLink(actor: Actor, id: string, requestOrigin: string) {
      const token = newSecret('vki_');
      const row = await db.transaction().execute(async (trx) => {
        const invitation = await repo.find(trx, actor.accountId, id);
        if (!invitation) throw notFound('Invitation');
        const renewed = await repo.renew(
          trx,
          actor.accountId,
          id,
          sha256(token),
          new Date(Date.now() + INVITATION_TTL_MS),
        );
        if (!renewed)
          throw conflict('invitation_closed', 'This invitation was accepted or withdrawn; send a new one');
        await events.record(trx, eventContextOf(actor), {
          type: 'invitation.renewed',
          entity: 'invitation',
          entityId: id,
          payload: { email: renewed.email },
        });
        return renewed;
      });
      return { ...presentInvitation(row), token, url: `${deps.publicUrl ?? requestOrigin}/invite/${token}` };
    },

    /**
     * Takes back a migration's invitation ("Delete migrated data"): the invitation is revoked and its waiting
     * user deactivated (kept, as the history names it). A user who has accepted stays: 409.
     */
    async withdrawImported(actor: Actor, userId: string) {
      await db.transaction().execute(async (trx) => {
        const invitation = await repo.openOfUser(trx, actor.accountId, userId);
        if (!invitation)
          throw conflict('invitation_used', 'The invited user has accepted; the user stays in the account');
        await repo.revoke(trx, actor.accountId, invitation.id);
        await accountsRepo.withdrawInvitedUser(trx, actor.accountId, userId);
        await events.record(trx, eventContextOf(actor), {
          type: 'invitation.revoked',
          entity: 'invitation',
          entityId: invitation.id,
          payload: { email: invitation.email },
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'user.deactivated',
          entity: 'user',
          entityId: userId,
          payload: { invitationId: invitation.id },
        });
      });
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
        // An identity a migration created for its invitation has no password: the invitee signs up.
        existingIdentity: Boolean(identity && identity.password_hash !== ''),
      };
    },

    async accept(token: string, input: { name?: string | undefined; password: string }, meta: ClientMeta) {
      const invitation = await openInvitation(token);
      const found = await accountsRepo.findIdentityByEmail(db, invitation.email);
      // An identity a migration created for its invitation has no password yet: the invitee sets it now.
      const existing = found?.password_hash === '' ? undefined : found;
      if (existing && !(await verifyPassword(existing.password_hash, input.password))) {
        throw unauthorized('invalid_credentials', 'Wrong password for this e-mail');
      }
      if (!existing && !input.name) throw invalidField('body.name', 'Enter your name');
      const passwordHash = existing ? undefined : await hashPassword(input.password);
      const identityId = await db.transaction().execute(async (trx) => {
        const account = await accountsRepo.findAccount(trx, invitation.account_id);
        if (found && !existing && passwordHash)
          await accountsRepo.setPasswordIfNone(trx, found.id, passwordHash);
        const identity =
          existing ??
          found ??
          (await accountsRepo.insertIdentity(trx, {
            email: invitation.email,
            passwordHash: passwordHash ?? '',
            locale: account?.locale ?? 'ru',
          }));
        const name = input.name ?? identity.email.split('@')[0] ?? identity.email;
        const membership = await accountsRepo.findMembership(trx, identity.id, invitation.account_id);
        // A migration's invitation: its user is waiting in the invited state (unless deactivated meanwhile).
        const waiting =
          invitation.user_id && membership?.id === invitation.user_id
            ? await accountsRepo.activateInvitedUser(trx, invitation.account_id, invitation.user_id, name)
            : undefined;
        if (invitation.user_id && !waiting)
          throw new AppError(410, 'invitation_revoked', 'This invitation was withdrawn');
        if (membership && !waiting) {
          throw conflict('already_member', 'You are already a user of this account');
        }
        const user =
          waiting ??
          (await accountsRepo.insertUser(trx, {
            accountId: invitation.account_id,
            identityId: identity.id,
            name,
            role: invitation.role,
            departmentId: invitation.department_id,
          }));
        const marked = await repo.markAccepted(trx, invitation.account_id, invitation.id, user.id);
        if (marked.numUpdatedRows === 0n)
          throw new AppError(410, 'invitation_used', 'This invitation has already been used');
        const context: EventContext = {
          accountId: invitation.account_id,
          actorUserId: user.id,
          source: 'ui',
        };
        await events.record(
          trx,
          context,
          waiting
            ? {
                type: 'user.updated',
                entity: 'user',
                entityId: user.id,
                payload: { changes: { active: { from: false, to: true } }, invitationId: invitation.id },
              }
            : {
                type: 'user.created',
                entity: 'user',
                entityId: user.id,
                payload: { name: user.name, role: user.role, invitationId: invitation.id },
              },
        );
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
