import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepReconnecting, SERVER_CLOSE_RETRY_MS } from './socket.js';

type Handler = (reason: string) => void;

function fakeSocket() {
  const handlers: Handler[] = [];
  const socket = {
    connected: false,
    connect: vi.fn(() => socket),
    on: (_event: string, h: Handler) => {
      handlers.push(h);
      return socket;
    },
  };
  return { socket, disconnect: (reason: string) => handlers.forEach((h) => h(reason)) };
}

describe('keepReconnecting', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reconnects when the server closed the connection (backend restart)', () => {
    const { socket, disconnect } = fakeSocket();
    keepReconnecting(socket as never);
    disconnect('io server disconnect');
    expect(socket.connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SERVER_CLOSE_RETRY_MS);
    expect(socket.connect).toHaveBeenCalledTimes(1);
  });

  it('leaves network drops to Socket.IO’s own reconnection', () => {
    const { socket, disconnect } = fakeSocket();
    keepReconnecting(socket as never);
    disconnect('transport close');
    vi.advanceTimersByTime(10 * SERVER_CLOSE_RETRY_MS);
    expect(socket.connect).not.toHaveBeenCalled();
  });
});
