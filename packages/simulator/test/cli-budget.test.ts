/** The CLI refuses absurd inputs before simulating, with the backend's budget rules (exit 2, the field named). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'hoistway-budget-'));
const office = JSON.parse(readFileSync(new URL('../examples/office-10.json', import.meta.url), 'utf8')) as {
  floors: { population: number }[];
};

function buildingFile(name: string, population: number): string {
  const file = join(dir, name);
  const building = structuredClone(office);
  building.floors.forEach((f, i) => (f.population = i === 0 ? 0 : population));
  writeFileSync(file, JSON.stringify(building));
  return file;
}

function captureStderr() {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0,
  );
  return chunks;
}

describe('work budgets in the CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('10^7 people per floor: exit 2 naming the field, nothing simulated', async () => {
    const stderr = captureStderr();
    const file = buildingFile('crowded.json', 10_000_000);
    expect(await main(['run', '-b', file, '--no-progress'])).toBe(2);
    expect(stderr.join('')).toContain(`${file}: floors[1].population: must be <= 1,000,000`);
  });

  it('over the per-floor limit: exit 2 naming the floor', async () => {
    const stderr = captureStderr();
    const file = buildingFile('dense.json', 50_000);
    expect(await main(['validate', file])).toBe(2);
    expect(stderr.join('')).toContain(`${file}: floors[1].population: 50,000 people on one floor`);
  });

  it('too many expected passengers: exit 2 naming --traffic', async () => {
    const stderr = captureStderr();
    const file = buildingFile('busy.json', 5_000);
    // 45,000 people at 100 % per 5 minutes for a week: about 907 million passengers.
    expect(await main(['run', '-b', file, '-t', 'lunch:100', '--duration', '604800', '--no-progress'])).toBe(
      2,
    );
    expect(stderr.join('')).toMatch(/--traffic: about [\d,]+ passengers expected/);
  });
});
