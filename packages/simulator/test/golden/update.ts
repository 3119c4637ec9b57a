/** Rewrites fingerprints.json from the current engine (run when a change is meant to alter results). */
import { writeFileSync } from 'node:fs';
import { goldenFingerprints } from './golden-runs.js';

writeFileSync(
  new URL('./fingerprints.json', import.meta.url),
  `${JSON.stringify(goldenFingerprints(), null, 2)}\n`,
);
