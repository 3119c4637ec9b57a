/**
 * birpc over a worker-thread message port, shared by both ends. A thrown error crosses as plain data
 * (`serializeError`), so a `LiveError` reaches the caller with its status code and field details —
 * structured cloning alone would keep only the message.
 */
import type { ChannelOptions } from 'birpc';
import type { MessagePort, Worker } from 'node:worker_threads';
import { deserializeError, serializeError, type SerializedError } from './live-error.js';

interface RpcMessage {
  e?: unknown;
}

export function rpcChannel(port: MessagePort | Worker): ChannelOptions & { timeout: number } {
  return {
    post: (data) => port.postMessage(data),
    on: (fn) => port.on('message', fn),
    off: (fn) => port.off('message', fn),
    serialize: (message: RpcMessage) =>
      message.e === undefined ? message : { ...message, e: serializeError(message.e) },
    deserialize: (message: RpcMessage) =>
      message.e === undefined ? message : { ...message, e: deserializeError(message.e as SerializedError) },
    // A replay of a long session can take a while; a host that dies rejects its calls instead.
    timeout: -1,
  };
}
