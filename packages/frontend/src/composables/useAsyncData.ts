import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ApiRequestError } from '../api/http.js';

export interface AsyncData<T> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<ApiRequestError | Error | null>;
  reload: () => Promise<void>;
}

/** Loading / error / data for one request; `reload` re-runs it (errors keep the server's message). */
export function useAsyncData<T>(load: () => Promise<T>, options: { immediate?: boolean } = {}): AsyncData<T> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiRequestError | Error | null>(null);
  let generation = 0;
  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const value = await load();
      if (mine !== generation) return;
      data.value = value;
      error.value = null;
    } catch (err) {
      if (mine !== generation) return;
      error.value = err instanceof Error ? err : new Error(String(err));
    } finally {
      if (mine === generation) loading.value = false;
    }
  }
  if (options.immediate !== false) void reload();
  return { data, loading, error, reload };
}
