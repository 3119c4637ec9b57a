/** Worker-thread entry: a HostCore driven by messages from the session manager's pool. */
import { parentPort, workerData } from 'node:worker_threads';
import { HostCore, serializeError } from './host-core.js';
import type { HostEnvelope, HostOptions, WorkerMessage } from './host-protocol.js';
import { createLiveSimulation } from './simulation-factory.js';

if (!parentPort) throw new Error('worker-entry must run in a worker thread');
const port = parentPort;
const post = (message: WorkerMessage) => port.postMessage(message);

const core = new HostCore(workerData as HostOptions, createLiveSimulation, (event) =>
  post({ type: 'event', event }),
);
core.start();

port.on('message', ({ id, request }: HostEnvelope) => {
  try {
    post({ type: 'reply', reply: { id, ok: true, value: core.handle(request) } });
  } catch (err) {
    post({ type: 'reply', reply: { id, ok: false, error: serializeError(err) } });
  }
});
