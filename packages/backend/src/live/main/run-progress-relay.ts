import type { RunProgressMessage } from '@hoistway/shared-types';
import type { RunProgress, RunRepository } from '../../repositories/runs.js';
import { LiveError } from '../live-error.js';

/** How often subscribed runs are looked up, ms. */
const POLL_MS = 500;

/**
 * Pushes the progress of comparison runs to subscribed clients. Progress lives in the runs table
 * (written by the run manager as tasks finish), so the relay reads it there — one query per period
 * for all subscribed runs — and publishes only changes. It stops polling when nobody is subscribed.
 */
export class RunProgressRelay {
  private readonly subscribers = new Map<string, number>();
  private readonly last = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly runs: RunRepository,
    private readonly publish: (message: RunProgressMessage) => void,
  ) {}

  /** Subscribes to a run and returns its progress now (404 for an unknown run). */
  async subscribe(runId: string): Promise<RunProgressMessage> {
    const [row] = await this.runs.progressOf([runId]);
    if (!row)
      throw new LiveError(404, 'Not Found', `run ${runId} not found`, [
        { path: 'runId', message: 'not found' },
      ]);
    this.subscribers.set(runId, (this.subscribers.get(runId) ?? 0) + 1);
    const message = toMessage(row);
    this.last.set(runId, key(message));
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    return message;
  }

  unsubscribe(runId: string): void {
    const n = (this.subscribers.get(runId) ?? 0) - 1;
    if (n > 0) return void this.subscribers.set(runId, n);
    this.subscribers.delete(runId);
    this.last.delete(runId);
    if (this.subscribers.size === 0) this.close();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.subscribers.size === 0) return;
    this.polling = true;
    try {
      for (const row of await this.runs.progressOf([...this.subscribers.keys()])) {
        const message = toMessage(row);
        if (this.last.get(row.id) === key(message) || !this.subscribers.has(row.id)) continue;
        this.last.set(row.id, key(message));
        this.publish(message);
      }
    } catch {
      // The database may be briefly unavailable (or closing); the next period tries again.
    } finally {
      this.polling = false;
    }
  }
}

const toMessage = (row: RunProgress): RunProgressMessage => ({
  runId: row.id,
  status: row.status,
  done: row.done,
  total: row.total,
});
const key = (m: RunProgressMessage) => `${m.status}/${m.done}/${m.total}`;
