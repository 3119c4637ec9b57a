/**
 * Every component test gets a fresh Pinia, as the app has one: views read the auth store (what the
 * role may do). Its status starts unknown, so actions show and the tests see the full page.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach } from 'vitest';

beforeEach(() => setActivePinia(createPinia()));
