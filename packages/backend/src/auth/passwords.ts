/**
 * Password hashing with argon2id (memory-hard; @node-rs/argon2 ships prebuilt binaries as optional
 * dependencies, so no install script runs). Parameters: OWASP's minimum for argon2id, 19 MiB, t=2, p=1.
 */
import { hash, verify } from '@node-rs/argon2';

const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work for an unknown user as for a wrong password, so timing does not reveal accounts.
    await hash(password, options);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
