/** Piscina worker module: runs one dataset-generation episode (exploration policy, rollout labels). */
import { runEpisode, type EpisodeInput, type EpisodeResult } from '../training/episode.js';

export default function runEpisodeTask(input: EpisodeInput): EpisodeResult {
  return runEpisode(input);
}
