import type { RunProgressMessage } from '@hoistway/shared-types';
import type { LiveSocket } from '../live/socket.js';

type ProgressSocket = Pick<LiveSocket, 'on' | 'off' | 'emit' | 'connected'>;

/**
 * Follows one comparison run's progress as the server pushes it over Socket.IO. It subscribes on every
 * (re)connect, since a subscription does not outlive its connection, and hands each message for the
 * run to `onProgress` (the subscription's answer too). The returned function stops following.
 */
export function followRunProgress(
  socket: ProgressSocket,
  runId: string,
  onProgress: (progress: RunProgressMessage) => void,
): () => void {
  const subscribe = () =>
    socket.emit('subscribeRun', { runId }, (res) => {
      if (res.ok) onProgress(res.progress);
    });
  const onMessage = (message: RunProgressMessage) => {
    if (message.runId === runId) onProgress(message);
  };
  socket.on('runProgress', onMessage);
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
  return () => {
    socket.off('runProgress', onMessage);
    socket.off('connect', subscribe);
    if (socket.connected) socket.emit('unsubscribeRun', { runId }, () => {});
  };
}
