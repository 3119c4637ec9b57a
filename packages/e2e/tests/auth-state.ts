/**
 * Where the global setup leaves the admin's signed-in state (cookie) and the session's CSRF token,
 * and the credentials it uses. The config and the specs read them from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const authDir = resolve(import.meta.dirname, '../.auth');
export const storageStatePath = join(authDir, 'admin.json');
export const csrfPath = join(authDir, 'csrf.txt');

/** The setup token the test server starts with (compose: the backend's SETUP_TOKEN). */
export const setupToken =
  process.env.E2E_SETUP_TOKEN ?? process.env.SETUP_TOKEN ?? 'e2e-setup-token-0123456789';
export const adminUser = process.env.E2E_ADMIN_USER ?? 'e2e-admin';
export const adminPassword = process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password';

/** Headers every API call of the suite sends: the CSRF token of the admin's session, once known. */
export function authHeaders(): Record<string, string> {
  if (!existsSync(csrfPath)) return {};
  return { 'x-csrf-token': readFileSync(csrfPath, 'utf8').trim() };
}
