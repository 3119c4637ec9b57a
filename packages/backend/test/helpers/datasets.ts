import type { LightMyRequestResponse } from 'fastify';

type Inject = (method: 'GET' | 'POST', url: string, payload?: object) => Promise<LightMyRequestResponse>;

/**
 * POST /api/datasets, then waits until every episode job has stored its episode (they run in the
 * background), with a generous deadline for a loaded machine. Returns the finished dataset.
 */
export async function generateDataset(
  inject: Inject,
  body: { name: string; buildingId: string; episodes: number; duration: number },
  timeoutMs = 120_000,
) {
  const res = await inject('POST', '/api/datasets', body);
  if (res.statusCode !== 201) throw new Error(`POST /api/datasets: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dataset = (await inject('GET', `/api/datasets/${id}`)).json();
    if (dataset.episodesCompleted >= body.episodes) return dataset;
    if (Date.now() > deadline)
      throw new Error(
        `dataset ${id}: ${dataset.episodesCompleted}/${body.episodes} episodes after ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
