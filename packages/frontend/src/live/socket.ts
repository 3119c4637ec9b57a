import { SOCKET_IO_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@hoistway/shared-types';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: LiveSocket | null = null;

/** One Socket.IO connection for the whole app; it reconnects by itself (quickly, with a capped backoff). */
export function liveSocket(): LiveSocket {
  shared ??= io({
    path: SOCKET_IO_PATH,
    transports: ['websocket'],
    reconnectionDelay: 300,
    reconnectionDelayMax: 2000,
  });
  return shared;
}
