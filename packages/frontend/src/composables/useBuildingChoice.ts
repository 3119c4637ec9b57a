import type { Ref } from 'vue';
import { watch } from 'vue';
import { useRoute } from 'vue-router';
import { api } from '../api/client.js';
import { useAsyncData } from './useAsyncData.js';

/**
 * The buildings a new session or comparison can use, and the initial choice: `?building=` from the
 * link that led here, else the first building once the list arrives.
 */
export function useBuildingChoice(selected: Ref<string>) {
  const route = useRoute();
  if (!selected.value && typeof route.query.building === 'string') selected.value = route.query.building;
  const buildings = useAsyncData(() => api.listBuildings());
  watch(buildings.data, (page) => {
    if (!selected.value && page?.items[0]) selected.value = page.items[0].id;
  });
  return buildings;
}
