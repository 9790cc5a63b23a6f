import { createGuardrails, generate } from 'otplib';

/*
 * TOTP codes for stored OTP secrets (RFC 6238 as authenticator apps use it: SHA-1, 6 digits, 30 s).
 *
 * The secret is decoded from base32 here rather than by otplib, with the leniency of authenticator
 * apps: lowercase, spaces and `=` padding are accepted, and the unused low bits of the last
 * character are ignored (otplib's decoder refuses non-zero ones; services do issue such secrets).
 * otplib's 16-byte minimum is lowered to 10 bytes: Helios stores other services' secrets, and
 * several (GitHub among them) issue 80-bit ones. The API schema enforces the same bounds
 * (shared/src/schemas/credentials.ts), so a stored secret always yields a code.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** The time step of every code (what authenticator apps use). */
export const TOTP_PERIOD_SECONDS = 30;
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

/** Base32 (RFC 4648, case-insensitive, padding and spaces ignored) → bytes. */
export function decodeBase32(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of clean) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error('not a base32 string');
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** The code valid at `now` for a base32 secret, and the seconds it stays valid. */
export async function totpNow(
  secretBase32: string,
  now: Date = new Date(),
): Promise<{ code: string; expiresIn: number }> {
  const epoch = Math.floor(now.getTime() / 1000);
  const code = await generate({
    secret: decodeBase32(secretBase32),
    epoch,
    period: TOTP_PERIOD_SECONDS,
    guardrails,
  });
  return { code, expiresIn: TOTP_PERIOD_SECONDS - (epoch % TOTP_PERIOD_SECONDS) };
}
