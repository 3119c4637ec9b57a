/**
 * Who is signed in, in what mode, and what they may do. Loaded once from `GET /api/auth/status`
 * (the router waits for it); sign-in, setup and sign-out go through here so the CSRF token the API
 * client sends stays current.
 */
import type { AcceptInviteBody, AuthStatus, LoginBody, SetupBody, User } from '@hoistway/shared-types';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client.js';
import { credentials } from '../api/http.js';
import { resetLiveSocket } from '../live/socket.js';

export const useAuthStore = defineStore('auth', () => {
  const status = shallowRef<AuthStatus | null>(null);
  let loading: Promise<AuthStatus> | null = null;

  function apply(next: AuthStatus): AuthStatus {
    status.value = next;
    credentials.csrfToken = next.csrfToken;
    loading = Promise.resolve(next);
    return next;
  }

  /** The status, fetched once (`force` to ask again, e.g. after a 401). */
  function load(force = false): Promise<AuthStatus> {
    if (!loading || force) loading = api.authStatus().then(apply);
    return loading;
  }

  async function login(body: LoginBody): Promise<void> {
    apply(await api.login(body));
    resetLiveSocket();
  }

  async function setup(body: SetupBody): Promise<void> {
    apply(await api.setup(body));
    resetLiveSocket();
  }

  async function acceptInvite(body: AcceptInviteBody): Promise<void> {
    apply(await api.acceptInvite(body));
    resetLiveSocket();
  }

  async function logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      resetLiveSocket();
      apply({ mode: status.value?.mode ?? 'login', setupRequired: false, user: null, csrfToken: null });
    }
  }

  const user = computed<User | null>(() => status.value?.user ?? null);
  const role = computed(() => user.value?.role ?? null);
  /**
   * Create buildings, sessions, runs…: editors and admins. Before the status is known (components
   * mounted on their own, as in unit tests) actions show and the server decides.
   */
  const canWrite = computed(() => status.value === null || role.value === 'admin' || role.value === 'editor');
  const isAdmin = computed(() => role.value === 'admin');
  const localMode = computed(() => status.value?.mode === 'local-single-user');
  /** Change or delete a row owned by `ownerId` (null: nobody's, admins only). */
  function mayModify(ownerId: string | null | undefined): boolean {
    if (status.value === null || isAdmin.value) return true; // unknown yet: the server decides
    return canWrite.value && ownerId != null && ownerId === user.value?.id;
  }

  return {
    status,
    user,
    role,
    canWrite,
    isAdmin,
    localMode,
    load,
    login,
    setup,
    acceptInvite,
    logout,
    mayModify,
  };
});
