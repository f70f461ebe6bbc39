// TOTP (RFC 6238) as authenticator apps expect it: SHA-1, 6 digits, 30 s, one step of clock drift.
import { Secret, TOTP } from 'otpauth';

const make = (secret: string, email: string) =>
  new TOTP({
    issuer: 'Voronka',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export const totpUri = (secret: string, email: string) => make(secret, email).toString();

/** The time step the code belongs to (for one-time use), or null when the code is wrong. */
export function matchTotp(secret: string, email: string, code: string): number | null {
  const totp = make(secret, email);
  const delta = totp.validate({ token: code, window: 1 });
  return delta === null ? null : totp.counter() + delta;
}

/** The code of the current time step, or of a step `offset` steps away (tests; users read it from their app). */
export const currentTotp = (secret: string, email: string, offset = 0) =>
  make(secret, email).generate({ timestamp: Date.now() + offset * 30_000 });
