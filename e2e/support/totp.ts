// TOTP codes as an authenticator app computes them from the secret (RFC 6238: SHA-1, 6 digits, 30 s).
// The server accepts each code once, so a test that needs several codes takes them from neighbouring
// 30-second steps (the server allows one step of drift either way).
import { Secret, TOTP } from 'otpauth';

export function totp(secret: string, now = Date.now()): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: now,
  });
}
