// Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of random
// bytes; the signature of a message is base64(HMAC-SHA256(key = the decoded secret,
// "<webhook-id>.<webhook-timestamp>.<body>")), sent as `webhook-signature: v1,<signature>`.
import crypto from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes, `whsec_` + base64. */
export const generateWebhookSecret = () => `${PREFIX}${crypto.randomBytes(32).toString('base64')}`;

/** The key bytes of a `whsec_…` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('A webhook secret starts with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = crypto
    .createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The headers of one attempt: the same id on every attempt, the attempt's own timestamp. */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}
