import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { SHARE_TOKEN_PARAM } from '@hoistway/shared-types';
import { credentials, setUnauthorizedHandler } from '../api/http.js';
import { useAuthStore } from '../auth/auth-store.js';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Open without an account (sign-in, setup). */
    public?: boolean;
    /** Only for editors and admins (`write`) or admins. */
    requires?: 'write' | 'admin';
  }
}

// Every screen is its own chunk, so the first load stays small.
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../auth/LoginView.vue'),
    meta: { title: 'Sign in', public: true },
  },
  {
    path: '/setup',
    name: 'setup',
    component: () => import('../auth/SetupView.vue'),
    meta: { title: 'Set up', public: true },
  },
  {
    path: '/invite',
    name: 'invite',
    component: () => import('../auth/InviteView.vue'),
    meta: { title: 'Invitation', public: true },
  },
  {
    path: '/users',
    name: 'users',
    component: () => import('../auth/UsersView.vue'),
    meta: { title: 'Users', requires: 'admin' },
  },
  {
    path: '/tokens',
    name: 'tokens',
    component: () => import('../auth/TokensView.vue'),
    meta: { title: 'API tokens' },
  },
  {
    path: '/',
    name: 'dashboard',
    component: () => import('../views/DashboardView.vue'),
    meta: { title: 'Dashboard' },
  },
  {
    path: '/buildings/new',
    name: 'building-new',
    component: () => import('../views/BuildingEditorView.vue'),
    meta: { title: 'New building', requires: 'write' },
  },
  {
    path: '/buildings/:id',
    name: 'building-edit',
    component: () => import('../views/BuildingEditorView.vue'),
    props: true,
    meta: { title: 'Building' },
  },
  {
    path: '/buildings/:id/history',
    name: 'building-history',
    component: () => import('../history/BuildingHistoryView.vue'),
    props: true,
    meta: { title: 'Building history' },
  },
  {
    path: '/history',
    name: 'history',
    component: () => import('../history/HistoryView.vue'),
    meta: { title: 'History' },
  },
  {
    path: '/sessions/new',
    name: 'session-new',
    component: () => import('../views/NewSessionView.vue'),
    meta: { title: 'New session', requires: 'write' },
  },
  {
    path: '/sessions/:id',
    name: 'session-live',
    component: () => import('../views/LiveSessionView.vue'),
    props: true,
    meta: { title: 'Live session' },
  },
  {
    path: '/sessions/:id/report',
    name: 'session-report',
    component: () => import('../report/SessionReportView.vue'),
    props: true,
    meta: { title: 'Session report' },
  },
  {
    path: '/runs/new',
    name: 'run-new',
    component: () => import('../views/NewRunView.vue'),
    meta: { title: 'New comparison', requires: 'write' },
  },
  {
    path: '/runs/:id',
    name: 'run-detail',
    component: () => import('../views/RunDetailView.vue'),
    props: true,
    meta: { title: 'Comparison' },
  },
  {
    path: '/datasets',
    name: 'datasets',
    component: () => import('../views/DatasetsView.vue'),
    meta: { title: 'Datasets' },
  },
  {
    path: '/models',
    name: 'models',
    component: () => import('../models/ModelsView.vue'),
    meta: { title: 'Models' },
  },
  {
    path: '/playground/:scriptId?',
    name: 'playground',
    component: () => import('../views/PlaygroundView.vue'),
    props: true,
    meta: { title: 'Dispatcher playground' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/NotFoundView.vue'),
    meta: { title: 'Not found' },
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

// Sign-in first: setup while no account exists, the login page without a session. A live view opened
// from a share link (`?share=…`) needs no account: the link's token is its credential.
router.beforeEach(async (to) => {
  const auth = useAuthStore();
  const share = to.name === 'session-live' ? to.query[SHARE_TOKEN_PARAM] : undefined;
  credentials.shareToken = typeof share === 'string' ? share : null;
  let status;
  try {
    status = await auth.load();
  } catch {
    return true; // the server is unreachable: let the page show its own error
  }
  if (to.meta.public) {
    if (to.name === 'setup' && !status.setupRequired) return status.user ? '/' : '/login';
    if (to.name === 'login' && status.user) return '/';
    return true;
  }
  if (status.setupRequired) return { name: 'setup', query: to.query.token ? { token: to.query.token } : {} };
  if (!status.user) {
    if (credentials.shareToken) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.meta.requires === 'admin' && !auth.isAdmin) return '/';
  if (to.meta.requires === 'write' && !auth.canWrite) return '/';
  return true;
});

// A 401 anywhere (the session expired, or the account was disabled): sign in again.
setUnauthorizedHandler(() => {
  const auth = useAuthStore();
  if (credentials.shareToken) return;
  void auth.load(true).then(() => {
    const current = router.currentRoute.value;
    if (!current.meta.public && !auth.user)
      void router.replace({ name: 'login', query: { redirect: current.fullPath } });
  });
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? 'Hoistway')} · Hoistway`;
});
