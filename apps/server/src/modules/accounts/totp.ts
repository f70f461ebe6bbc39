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

export const checkTotp = (secret: string, email: string, code: string) =>
  make(secret, email).validate({ token: code, window: 1 }) !== null;

/** The current code (tests and the demo use it; users read it from their app). */
export const currentTotp = (secret: string, email: string) => make(secret, email).generate();
