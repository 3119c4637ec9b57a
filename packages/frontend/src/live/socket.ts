import { SOCKET_IO_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@hoistway/shared-types';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: LiveSocket | null = null;
let sharedToken: string | null = null;

/** Signed in or out: the next live view opens a new connection with the new credentials. */
export function resetLiveSocket(): void {
  shared?.disconnect();
  shared = null;
  sharedToken = null;
}

/** Delay before reconnecting after the server closed the connection itself (e.g. it is restarting), ms. */
export const SERVER_CLOSE_RETRY_MS = 1000;
/** Delay before a new handshake after the server refused one, ms. */
export const REFUSED_RETRY_MS = 3000;

/**
 * Socket.IO reconnects by itself after a network drop, but not when the server ends the connection
 * (`io server disconnect`, which is what a backend shutting down for a restart sends): reconnect then too.
 */
export function keepReconnecting(socket: Pick<LiveSocket, 'on' | 'connect' | 'connected'>): void {
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect')
      setTimeout(() => {
        if (!socket.connected) socket.connect();
      }, SERVER_CLOSE_RETRY_MS);
  });
}

/**
 * One Socket.IO connection for the whole app; it reconnects by itself (quickly, with a capped backoff).
 * The handshake carries the session cookie, or the share-link token of a live view opened from one.
 */
export function liveSocket(shareToken: string | null = null): LiveSocket {
  if (shared && shareToken !== sharedToken) resetLiveSocket();
  if (!shared) {
    sharedToken = shareToken;
    shared = io({
      path: SOCKET_IO_PATH,
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
      auth: shareToken ? { share: shareToken } : {},
    });
    keepReconnecting(shared);
    // A handshake the server refused (signed out, a revoked link, too many tabs) is not retried by
    // Socket.IO itself: try again now and then, since signing in or closing a tab can fix it.
    const socket = shared;
    socket.on('connect_error', () => {
      if (!socket.active)
        setTimeout(() => {
          if (shared === socket && !socket.connected) socket.connect();
        }, REFUSED_RETRY_MS);
    });
  }
  return shared;
}
