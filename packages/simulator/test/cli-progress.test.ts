import { describe, expect, it } from 'vitest';
import { createProgress, progressMode } from '../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, chunks };
}

describe('progress', () => {
  it('maps --progress / --no-progress to a mode', () => {
    expect(progressMode(undefined)).toBe('auto');
    expect(progressMode(true)).toBe('on');
    expect(progressMode(false)).toBe('off');
  });

  it('stays silent off-terminal unless forced', () => {
    const { stream, chunks } = fakeStream(false);
    const progress = createProgress({ unit: 'runs', mode: 'auto', stream, delayMs: 0 });
    progress.update(1, 2);
    progress.stop();
    expect(chunks).toEqual([]);
  });

  it('prints plain status lines off-terminal when forced', () => {
    const { stream, chunks } = fakeStream(false);
    const progress = createProgress({
      unit: 'simulated s',
      mode: 'on',
      stream,
      delayMs: 0,
      lineIntervalMs: 0,
    });
    progress.update(900, 3600);
    progress.update(3600, 3600);
    progress.stop();
    expect(chunks[0]).toMatch(/^progress {2}25% \| 900\/3600 simulated s \| elapsed [\d.]+ s \| eta /);
    expect(chunks.at(-1)).toMatch(/^progress 100% \| 3600\/3600 simulated s/);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
  });

  it('shows nothing for work shorter than the delay', () => {
    const { stream, chunks } = fakeStream(false);
    const progress = createProgress({ unit: 'runs', mode: 'on', stream, delayMs: 60_000 });
    progress.update(1, 2);
    progress.stop();
    expect(chunks).toEqual([]);
  });
});
