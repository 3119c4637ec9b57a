/**
 * Progress on stderr for long work. Appears only once the work has taken over a second (short runs
 * stay quiet), never on stdout (so `--json` output stays parseable). On a terminal it is a cli-progress
 * bar; when stderr is not a terminal it is hidden unless forced (`--progress`), and then it prints a
 * plain status line every few seconds, since cursor tricks would garble a log file.
 */
import { SingleBar } from 'cli-progress';

/** `auto`: only on a terminal; `on`: always (plain lines off-terminal); `off`: never. */
export type ProgressMode = 'auto' | 'on' | 'off';

export interface ProgressOptions {
  /** What is being counted, e.g. "simulated s" or "runs". */
  unit: string;
  mode: ProgressMode;
  stream?: NodeJS.WriteStream;
  /** Show nothing before this much wall time has passed, ms (default: HOISTWAY_PROGRESS_DELAY_MS, else 1000). */
  delayMs?: number;
  /** Interval between plain status lines off-terminal, ms. */
  lineIntervalMs?: number;
}

export interface Progress {
  /** `detail`: a short status shown after the counts (e.g. the loss of the last epoch). */
  update(done: number, total: number, detail?: string): void;
  /** Final state, then release the terminal line. Safe to call more than once. */
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/** `--progress` / `--no-progress` (undefined when neither was given). */
export function progressMode(flag: boolean | undefined): ProgressMode {
  return flag === undefined ? 'auto' : flag ? 'on' : 'off';
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const isTty = stream.isTTY === true;
  if (options.mode === 'off' || (options.mode === 'auto' && !isTty)) return SILENT;
  return isTty ? new BarProgress(options, stream) : new LineProgress(options, stream);
}

/**
 * Delay before progress appears, ms: HOISTWAY_PROGRESS_DELAY_MS if set (tests set 0, so that whether
 * progress shows does not depend on how fast the machine is), else 1000.
 */
function defaultDelayMs(): number {
  const raw = process.env['HOISTWAY_PROGRESS_DELAY_MS'];
  const ms = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  return ms >= 0 ? ms : 1000;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

abstract class DelayedProgress implements Progress {
  protected readonly started = Date.now();
  private last: { done: number; total: number } | null = null;
  protected visible = false;
  protected detail = '';

  constructor(protected readonly options: ProgressOptions) {}

  update(done: number, total: number, detail?: string): void {
    this.last = { done, total };
    if (detail !== undefined) this.detail = ` | ${detail}`;
    if (!this.visible) {
      if (Date.now() - this.started < (this.options.delayMs ?? defaultDelayMs())) return;
      this.visible = true;
      this.show(done, total);
    } else this.refresh(done, total);
  }

  stop(): void {
    if (this.visible && this.last) this.finish(this.last.done, this.last.total);
    this.visible = false;
    this.last = null;
  }

  protected abstract show(done: number, total: number): void;
  protected abstract refresh(done: number, total: number): void;
  protected abstract finish(done: number, total: number): void;
}

class BarProgress extends DelayedProgress {
  private readonly bar: SingleBar;

  constructor(options: ProgressOptions, stream: NodeJS.WriteStream) {
    super(options);
    this.bar = new SingleBar({
      stream,
      format: `{bar} {percentage}% | {value}/{total} ${options.unit} | elapsed {elapsed} | eta {eta_formatted}{detail}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      formatValue: (v, _o, type) =>
        type === 'value' || type === 'total' ? String(Math.round(v)) : String(v),
    });
  }

  /** Since the work began, not since the bar appeared (it appears a second late on purpose). */
  private elapsed() {
    return { elapsed: formatDuration((Date.now() - this.started) / 1000), detail: this.detail };
  }

  protected show(done: number, total: number): void {
    this.bar.start(total, done, this.elapsed());
  }

  protected refresh(done: number, total: number): void {
    this.bar.setTotal(total);
    this.bar.update(done, this.elapsed());
  }

  protected finish(done: number): void {
    this.bar.update(done, this.elapsed());
    this.bar.stop();
  }
}

class LineProgress extends DelayedProgress {
  private lastLine = 0;

  constructor(
    options: ProgressOptions,
    private readonly stream: NodeJS.WriteStream,
  ) {
    super(options);
  }

  private write(done: number, total: number): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Number.NaN;
    const percent = (fraction * 100).toFixed(0).padStart(3);
    this.stream.write(
      `progress ${percent}% | ${Math.round(done)}/${Math.round(total)} ${this.options.unit} | ` +
        `elapsed ${formatDuration(elapsed)} | eta ${formatDuration(eta)}${this.detail}\n`,
    );
    this.lastLine = Date.now();
  }

  protected show(done: number, total: number): void {
    this.write(done, total);
  }

  protected refresh(done: number, total: number): void {
    if (Date.now() - this.lastLine >= (this.options.lineIntervalMs ?? 2000)) this.write(done, total);
  }

  protected finish(done: number, total: number): void {
    this.write(done, total);
  }
}
