import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

// Every screen is its own chunk, so the first load stays small.
export const routes: RouteRecordRaw[] = [
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
    meta: { title: 'New building' },
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
    meta: { title: 'New session' },
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
    meta: { title: 'New comparison' },
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

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? 'Hoistway')} · Hoistway`;
});
