/** Worker-thread entry: a SessionLoop served to the main thread over birpc on the parent port. */
import { createBirpc } from 'birpc';
import { parentPort, workerData } from 'node:worker_threads';
import type { HostApi, HostEvents, HostOptions } from '../host-api.js';
import { rpcChannel } from '../rpc-channel.js';
import { SessionLoop } from './session-loop.js';
import { createLiveSimulation } from './simulation-factory.js';

if (!parentPort) throw new Error('the live worker entry must run in a worker thread');

const loop: SessionLoop = new SessionLoop(workerData as HostOptions, createLiveSimulation, (event) => {
  void main.event.asEvent(event);
});
const main = createBirpc<HostEvents, HostApi>(loop, { ...rpcChannel(parentPort), bind: 'functions' });
loop.start();
