import type { AuthStatus } from '@hoistway/shared-types';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { credentials } from '../api/http.js';
import { useAuthStore } from './auth-store.js';

const status = (role: 'admin' | 'editor' | 'viewer' | null): AuthStatus => ({
  mode: 'login',
  setupRequired: false,
  user: role && { id: `id-${role}`, username: role, role, disabled: false, createdAt: '' },
  csrfToken: role && `csrf-${role}`,
});

function serve(body: AuthStatus) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200 })),
  );
}

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps the CSRF token for the API client and answers what the role may do', async () => {
    serve(status('editor'));
    const auth = useAuthStore();
    await auth.load();
    expect(credentials.csrfToken).toBe('csrf-editor');
    expect(auth.canWrite).toBe(true);
    expect(auth.isAdmin).toBe(false);
    expect(auth.mayModify('id-editor')).toBe(true);
    expect(auth.mayModify('someone-else')).toBe(false);
    expect(auth.mayModify(null)).toBe(false);
  });

  it('a viewer may change nothing; an admin anything', async () => {
    serve(status('viewer'));
    const viewer = useAuthStore();
    await viewer.load();
    expect(viewer.canWrite).toBe(false);
    expect(viewer.mayModify('id-viewer')).toBe(false);

    setActivePinia(createPinia());
    serve(status('admin'));
    const admin = useAuthStore();
    await admin.load();
    expect(admin.mayModify(null)).toBe(true);
  });

  it('after signing out nobody is signed in and the CSRF token is dropped', async () => {
    serve(status('admin'));
    const auth = useAuthStore();
    await auth.load();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await auth.logout();
    expect(auth.user).toBeNull();
    expect(credentials.csrfToken).toBeNull();
    expect((await auth.load()).user).toBeNull();
  });
});
