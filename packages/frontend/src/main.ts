import { createPinia } from 'pinia';
import { createApp } from 'vue';
import AppShell from './AppShell.vue';
import { router } from './router/index.js';
import './styles.css';

createApp(AppShell).use(createPinia()).use(router).mount('#app');
