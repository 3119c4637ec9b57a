/** Looks up the models of `learned:MODEL` dispatchers in the registry before any simulation starts. */
import type { DispatcherConfig, RunConfig } from '@hoistway/shared-types';
import { requireDatabaseUrl, withDatabase } from './database.js';

/** Fills `resolved` of every learned dispatcher config (one lookup per distinct model). */
export async function resolveLearnedDispatchers(
  configs: readonly { dispatcher: DispatcherConfig }[] | readonly RunConfig[],
  databaseUrl: string | undefined,
  option = '--dispatcher',
): Promise<void> {
  const learned = configs
    .map((c) => c.dispatcher)
    .filter((d): d is Extract<DispatcherConfig, { name: 'learned' }> => d.name === 'learned');
  if (learned.length === 0) return;
  const url = requireDatabaseUrl(databaseUrl);
  const { resolveModel } = await import('../training/model-registry.js');
  await withDatabase(
    url,
    async (sql) => {
      const byRef = new Map<string, Awaited<ReturnType<typeof resolveModel>>>();
      for (const d of learned) {
        let spec = byRef.get(d.model);
        if (!spec) byRef.set(d.model, (spec = await resolveModel(sql, d.model)));
        d.resolved = spec;
      }
    },
    option,
  );
}
