// Idempotency-Key on POST (as Stripe and the IETF draft describe it): a client that retries a POST after a
// timeout sends the same key and gets the first answer back (header `Idempotent-Replayed: true`) instead
// of a second deal, payment or invitation. The same key with a different request is refused (422); a
// retry while the first is still running gets 409. Keys are per account and kept 24 hours; a 5xx answer
// is not kept, so the request can be retried. A key whose request died mid-way (process killed) is
// released after RUNNING_TIMEOUT_MS; in that window the retry waits with 409.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';
import type { App } from './server.js';

const HEADER = 'idempotency-key';
const TTL_MS = 24 * 60 * 60 * 1000;
const RUNNING_TIMEOUT_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKeyId: string | null;
    /** The account a public POST writes into (set by its route, e.g. a form submission), for its keys. */
    idempotencyAccountId: string | null;
  }
}

const hashOf = (request: FastifyRequest) =>
  crypto
    .createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');

export function installIdempotency(app: App, db: Db) {
  app.decorateRequest('idempotencyKeyId', null);
  app.decorateRequest('idempotencyAccountId', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers[HEADER];
    const accountId = request.actor?.accountId ?? request.idempotencyAccountId;
    if (request.method !== 'POST' || key === undefined || !accountId) return;
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 characters', {
        errors: [{ field: 'headers.idempotency-key', reason: 'must be 1 to 255 characters' }],
      });
    }
    const hash = hashOf(request);
    const now = new Date();
    await db
      .deleteFrom('idempotency_keys')
      .where('account_id', '=', accountId)
      .where('key', '=', key)
      .where((eb) =>
        eb.or([
          eb('expires_at', '<', now),
          eb.and([
            eb('state', '=', 'running'),
            eb('updated_at', '<', new Date(now.getTime() - RUNNING_TIMEOUT_MS)),
          ]),
        ]),
      )
      .execute();
    const claimed = await db
      .insertInto('idempotency_keys')
      .values({
        account_id: accountId,
        key,
        request_hash: hash,
        state: 'running',
        expires_at: new Date(now.getTime() + TTL_MS),
      })
      .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (claimed) {
      request.idempotencyKeyId = claimed.id;
      return;
    }
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!existing) throw new AppError(409, 'idempotency_key_busy', 'Retry the request');
    if (existing.request_hash !== hash) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request',
        {
          errors: [{ field: 'headers.idempotency-key', reason: 'was used for a different request' }],
        },
      );
    }
    if (existing.state === 'running') {
      throw new AppError(
        409,
        'idempotency_request_in_progress',
        'The first request with this key is still running',
      );
    }
    await replay(reply, existing.response_status ?? 200, existing.response_type, existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyKeyId;
    if (!id) return payload;
    request.idempotencyKeyId = null;
    if (reply.statusCode >= 500) {
      await db.deleteFrom('idempotency_keys').where('id', '=', id).execute();
      return payload;
    }
    const type = reply.getHeader('content-type');
    await db
      .updateTable('idempotency_keys')
      .set({
        state: 'done',
        response_status: reply.statusCode,
        response_type: typeof type === 'string' ? type : null,
        response_body:
          typeof payload === 'string' ? payload : payload === null ? null : JSON.stringify(payload),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    return payload;
  });
}

async function replay(reply: FastifyReply, status: number, type: string | null, body: string | null) {
  reply.code(status).header('idempotent-replayed', 'true');
  if (type) reply.type(type);
  // The stored body is the serialized answer: a string goes out as it is.
  await reply.send(body ?? '');
}
