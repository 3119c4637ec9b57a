/** Random secrets (cookies, API tokens, share links, the setup token) and how they are stored: SHA-256. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe secret of 32 random bytes with a recognisable prefix (`hw_`, `hws_`, …). */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** High-entropy secrets need no slow hash: SHA-256 makes the stored value useless to a reader. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time string comparison (CSRF and setup tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
