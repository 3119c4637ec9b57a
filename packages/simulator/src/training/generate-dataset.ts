/**
 * `generate` without the command line: runs the episodes a dataset still lacks and writes each one in
 * its own transaction. Simulation and ingest times are measured apart, so the summary can report the
 * ingest rate on its own as well as the overall rate.
 */
import type { Building, LearnedModelSpec, Traffic } from '@hoistway/shared-types';
import { defaultDatasetName } from './dataset-name.js';
import { runEpisode } from './episode.js';
import type { GenerationSettings } from './settings.js';
import { TrainingDataWriter } from './writer.js';

export interface GenerateDatasetOptions {
  databaseUrl: string;
  building: Building;
  traffic: Traffic;
  settings: GenerationSettings;
  /** Policy iteration: the model that settings.exploration.model names. */
  model?: LearnedModelSpec;
  /** Defaults to `defaultDatasetName(building, traffic, seed)`. */
  datasetName?: string;
  /** Continue an existing dataset, skipping committed episodes. */
  resume: boolean;
  /** Called once the dataset is open (before any episode) and after each committed episode. */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
  datasetId: string;
  datasetName: string;
  created: boolean;
  episodesRequested: number;
  /** Episodes committed by this run. */
  episodesWritten: number;
  /** Episodes already present (with --resume). */
  episodesSkipped: number;
  decisions: number;
  rows: number;
  /** Wall time of the whole run (simulation + ingest), s. */
  seconds: number;
  /** Time spent writing to the database, s. */
  ingestSeconds: number;
  rowsPerSecond: number;
  ingestRowsPerSecond: number;
}

const rate = (rows: number, seconds: number) => (seconds > 0 ? rows / seconds : 0);

export async function generateDataset(options: GenerateDatasetOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const { building, traffic, settings } = options;
  const name = options.datasetName ?? defaultDatasetName(building, traffic, settings.seed);
  const writer = await TrainingDataWriter.connect(options.databaseUrl);
  try {
    const dataset = await writer.openDataset(
      { name, building, traffic, settings },
      { resume: options.resume },
    );
    const todo = Array.from({ length: settings.episodes }, (_, k) => k).filter(
      (k) => !dataset.completedEpisodes.has(k),
    );
    const skipped = settings.episodes - todo.length;
    let decisions = 0;
    let rows = 0;
    let ingestSeconds = 0;
    options.onProgress?.(skipped, settings.episodes);
    for (const [i, episode] of todo.entries()) {
      const result = runEpisode({ building, traffic, settings, episode, model: options.model });
      const ingestStart = performance.now();
      await writer.writeEpisode(dataset.id, result);
      ingestSeconds += (performance.now() - ingestStart) / 1000;
      decisions += result.decisions;
      rows += result.samples.length;
      options.onProgress?.(skipped + i + 1, settings.episodes);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      datasetId: dataset.id,
      datasetName: name,
      created: dataset.created,
      episodesRequested: settings.episodes,
      episodesWritten: todo.length,
      episodesSkipped: skipped,
      decisions,
      rows,
      seconds,
      ingestSeconds,
      rowsPerSecond: rate(rows, seconds),
      ingestRowsPerSecond: rate(rows, ingestSeconds),
    };
  } finally {
    await writer.close();
  }
}
