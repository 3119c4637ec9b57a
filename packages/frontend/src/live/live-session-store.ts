/**
 * The live session being watched: connection status, session state, the newest frame (10 Hz, reactive)
 * and a non-reactive frame buffer the shaft drawing reads every animation frame.
 */
import type {
  HallCallSnapshot,
  KpiSummary,
  LiveFrame,
  LiveSessionState,
  LiveSnapshotMessage,
  QueueSnapshot,
  SessionControlInput,
  SimulationResults,
} from '@hoistway/shared-types';
import { isEndedStatus } from '@hoistway/shared-types';
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { errorMessage } from '../api/http.js';
import { FrameBuffer } from './frame-buffer.js';
import { SessionConnection, type ConnectionStatus, type LiveTransport } from './session-connection.js';

export interface CarInfo {
  id: string;
  group: string;
  capacity: number;
}

export const useLiveSessionStore = defineStore('liveSession', () => {
  const sessionId = ref<string | null>(null);
  const connection = ref<ConnectionStatus>('closed');
  const connectionMessage = ref<string | null>(null);
  const state = ref<LiveSessionState | null>(null);
  const cars = shallowRef<CarInfo[]>([]);
  const frame = shallowRef<LiveFrame | null>(null);
  const queues = shallowRef<QueueSnapshot[]>([]);
  const calls = shallowRef<HallCallSnapshot[]>([]);
  const kpis = shallowRef<KpiSummary | null>(null);
  const results = shallowRef<SimulationResults | null>(null);
  const controlError = ref<string | null>(null);
  const pending = ref(false);
  /** Frames received since joining (for the gap / liveness indicator). */
  const frameCount = ref(0);
  let buffer = markRaw(new FrameBuffer());
  let link: SessionConnection | null = null;

  const simTime = computed(() => frame.value?.time ?? state.value?.time ?? 0);
  /** The session state wins: after a stop no further frame comes, but a `state` message (and the control's ack) does. */
  const status = computed(() => state.value?.status ?? frame.value?.status ?? null);

  function applySnapshot(message: LiveSnapshotMessage): void {
    buffer = markRaw(new FrameBuffer(message.frameRate));
    state.value = message.state;
    const snap = message.snapshot;
    cars.value = snap.cars.map((c) => ({ id: c.id, group: c.group, capacity: c.capacity }));
    queues.value = snap.queues;
    calls.value = snap.calls;
    kpis.value = snap.kpis;
    // Seed the buffer so the drawing shows the snapshot at once.
    const seed: LiveFrame = {
      sessionId: message.state.sessionId,
      seq: -1,
      time: snap.time,
      status: message.state.status,
      speed: message.state.speed,
      cars: snap.cars.map((c) => ({
        id: c.id,
        position: c.position,
        velocity: c.velocity,
        direction: c.direction,
        door: c.door,
        load: c.load,
        target: c.target,
      })),
      queues: snap.queues,
      calls: snap.calls,
      waiting: snap.waiting,
      riding: snap.riding,
      kpis: snap.kpis,
      events: [],
      droppedEvents: 0,
    };
    buffer.push(seed, performance.now());
    frame.value = seed;
  }

  function applyFrame(f: LiveFrame): void {
    buffer.push(f, performance.now());
    frame.value = f;
    queues.value = f.queues;
    kpis.value = f.kpis;
    frameCount.value++;
    calls.value = f.calls;
    // A frame sent before a stop never revives an ended session.
    if (state.value && isEndedStatus(state.value.status)) return;
    if (state.value && (state.value.status !== f.status || state.value.speed !== f.speed))
      state.value = { ...state.value, status: f.status, speed: f.speed, time: f.time };
  }

  function open(id: string, transport: LiveTransport): void {
    close();
    sessionId.value = id;
    state.value = null;
    frame.value = null;
    results.value = null;
    controlError.value = null;
    frameCount.value = 0;
    link = new SessionConnection(transport, id, {
      snapshot: applySnapshot,
      frame: applyFrame,
      state: (s) => (state.value = s),
      finished: (r) => (results.value = r),
      status: (s, message) => {
        connection.value = s;
        connectionMessage.value = s === 'live' ? null : (message ?? null);
      },
    });
    link.start();
  }

  function close(): void {
    link?.close();
    link = null;
  }

  async function control(c: SessionControlInput): Promise<boolean> {
    if (!link) return false;
    pending.value = true;
    controlError.value = null;
    try {
      await link.control(c);
      return true;
    } catch (err) {
      controlError.value = errorMessage(err);
      return false;
    } finally {
      pending.value = false;
    }
  }

  return {
    sessionId,
    connection,
    connectionMessage,
    state,
    cars,
    frame,
    queues,
    calls,
    kpis,
    results,
    controlError,
    pending,
    frameCount,
    simTime,
    status,
    buffer: () => buffer,
    open,
    close,
    control,
    applyFrame,
    applySnapshot,
  };
});
