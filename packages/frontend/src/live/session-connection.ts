/**
 * One viewer's link to one live session over Socket.IO. It (re)joins on every connect — so after a
 * network drop or a backend restart the view picks up the session's snapshot at the right sim time —
 * retries a failed join while the session may still be loading, and turns acknowledgements into promises.
 */
import type {
  LiveAck,
  LiveFrame,
  LiveSessionState,
  LiveSnapshotMessage,
  SessionControlInput,
  SimulationResults,
} from '@hoistway/shared-types';
import { ApiRequestError } from '../api/http.js';
import type { LiveSocket } from './socket.js';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** The part of the typed Socket.IO client socket this module uses (a fake stands in for it in tests). */
export type LiveTransport = Pick<LiveSocket, 'connected' | 'on' | 'off' | 'emit' | 'timeout'>;

export interface SessionConnectionHandlers {
  snapshot(message: LiveSnapshotMessage): void;
  frame(frame: LiveFrame): void;
  state(state: LiveSessionState): void;
  finished(results: SimulationResults): void;
  status(status: ConnectionStatus, error?: string): void;
}

export interface SessionConnectionOptions {
  ackTimeoutMs?: number;
  /** Delay before retrying a failed join, ms. */
  retryMs?: number;
}

export class SessionConnection {
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly ackTimeoutMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly socket: LiveTransport,
    readonly sessionId: string,
    private readonly handlers: SessionConnectionHandlers,
    options: SessionConnectionOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8000;
    this.retryMs = options.retryMs ?? 1000;
  }

  start(): void {
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('connect_error', this.onConnectError);
    this.socket.on('frame', this.onFrame);
    this.socket.on('state', this.onState);
    this.socket.on('snapshot', this.onSnapshot);
    this.socket.on('finished', this.onFinished);
    this.handlers.status('connecting');
    if (this.socket.connected) void this.join();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('connect_error', this.onConnectError);
    this.socket.off('frame', this.onFrame);
    this.socket.off('state', this.onState);
    this.socket.off('snapshot', this.onSnapshot);
    this.socket.off('finished', this.onFinished);
    if (this.socket.connected) this.socket.emit('leave', { sessionId: this.sessionId }, () => {});
    this.handlers.status('closed');
  }

  /** Sends a control; resolves with the new state, rejects with the server's message. */
  async control(control: SessionControlInput): Promise<LiveSessionState> {
    const res = await this.request(() =>
      this.socket.timeout(this.ackTimeoutMs).emitWithAck('control', { sessionId: this.sessionId, control }),
    );
    this.handlers.state(res.state);
    return res.state;
  }

  private async join(): Promise<void> {
    if (this.closed) return;
    try {
      const snapshot = await this.request(() =>
        this.socket.timeout(this.ackTimeoutMs).emitWithAck('join', { sessionId: this.sessionId }),
      );
      if (this.closed) return;
      this.handlers.snapshot({
        state: snapshot.state,
        snapshot: snapshot.snapshot,
        frameRate: snapshot.frameRate,
      });
      this.handlers.status('live');
    } catch (err) {
      if (this.closed) return;
      const notFound = err instanceof ApiRequestError && err.status === 404;
      this.handlers.status('reconnecting', (err as Error).message);
      // A session that does not exist will not appear by retrying.
      if (!notFound) this.retryTimer = setTimeout(() => void this.join(), this.retryMs);
    }
  }

  /** An acknowledged request: the server's answer, or its error as an ApiRequestError (status 0 on timeout). */
  private async request<T extends object>(send: () => Promise<LiveAck<T>>): Promise<T> {
    let res: LiveAck<T>;
    try {
      res = await send();
    } catch {
      // Socket.IO rejects emitWithAck when no acknowledgement arrives within the timeout.
      throw new ApiRequestError(0, 'The server did not answer in time');
    }
    if (res.ok) return res;
    throw new ApiRequestError(statusOf(res.error), res.message, res.details);
  }

  private readonly onConnect = () => void this.join();
  private readonly onDisconnect = () => {
    if (!this.closed) this.handlers.status('reconnecting', 'Connection lost — reconnecting…');
  };
  /** The server refused the connection (e.g. not signed in, a revoked share link): say why. */
  private readonly onConnectError = (err: Error) => {
    if (!this.closed) this.handlers.status('reconnecting', `Not connected: ${err.message}`);
  };
  private readonly onFrame = (frame: LiveFrame) => {
    if (frame.sessionId === this.sessionId) this.handlers.frame(frame);
  };
  private readonly onState = (state: LiveSessionState) => {
    if (state.sessionId === this.sessionId) this.handlers.state(state);
  };
  private readonly onSnapshot = (message: LiveSnapshotMessage & { sessionId: string }) => {
    if (message.sessionId === this.sessionId) this.handlers.snapshot(message);
  };
  private readonly onFinished = (message: { sessionId: string; results: SimulationResults }) => {
    if (message.sessionId === this.sessionId) this.handlers.finished(message.results);
  };
}

function statusOf(reason: string): number {
  if (/not found/i.test(reason)) return 404;
  if (/conflict/i.test(reason)) return 409;
  if (/bad request/i.test(reason)) return 400;
  return 500;
}
