import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, secretKey, signWebhook, webhookHeaders } from './signature.js';

// Verified by the Standard Webhooks reference library (an implementation independent of ours), and by the
// spec's published example.
describe('webhook signatures', () => {
  it('are accepted by the standardwebhooks library', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      type: 'deal.created',
      timestamp: '2026-12-07T09:00:00.000Z',
      data: { a: 'б' },
    });
    const headers = webhookHeaders(secret, 'msg_1', new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('are refused by it when the body, id or secret differ', () => {
    const secret = generateWebhookSecret();
    const body = '{"type":"deal.created"}';
    const headers = webhookHeaders(secret, 'msg_1', new Date(), body);
    expect(() => new Webhook(secret).verify('{"type":"deal.deleted"}', headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('match the specification’s example', () => {
    // From the Standard Webhooks specification (signature scheme section).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('use 32 random bytes as the key, and refuse a secret without the prefix', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(() => signWebhook('abc', 'id', 1, '')).toThrow();
  });

  it('carry the attempt’s timestamp in seconds', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2026-12-07T09:00:00.900Z');
    const headers = webhookHeaders(secret, 'msg_1', at, '{}');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    const expected = crypto
      .createHmac('sha256', secretKey(secret))
      .update(`msg_1.${headers['webhook-timestamp']}.{}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });
});
