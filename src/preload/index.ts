import { contextBridge, ipcRenderer } from 'electron';
import { channelName, contract } from '../shared/contract';
import { createApiClient, type ClientTransport } from '../shared/client';
import { IPC_ENGINE_PORT, IPC_EVENT, IPC_INVOKE, IPC_SEND, IPC_SUBSCRIBE } from '../shared/ipc-channels';

/**
 * The preload: builds `window.atelier` from the contract over Electron IPC. Only domain functions cross the
 * bridge — never ipcRenderer or any Node object. Responses and events are validated here, in the isolated world.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();
/** The channels the engine port carries, named by the contract. */
const POSE_CHANNEL = channelName('pose', 'subscribe');
const FRAME_CHANNEL = channelName('engine', 'submitFrame');
ipcRenderer.on(IPC_EVENT, (_e, channel: unknown, payload: unknown) => {
  if (typeof channel === 'string') emit(channel, payload);
});

const emit = (channel: string, payload: unknown): void => {
  for (const fn of listeners.get(channel) ?? []) fn(payload);
};

/**
 * The inference process's own port: camera frames go out on it (transferred, not copied) and pose frames come
 * back on it, bypassing main. Replaced whenever the engine restarts.
 */
let enginePort: MessagePort | null = null;
ipcRenderer.on(IPC_ENGINE_PORT, (e) => {
  enginePort?.close();
  enginePort = e.ports[0] ?? null;
  if (!enginePort) return;
  enginePort.onmessage = (ev: MessageEvent) => {
    const m = ev.data as { t?: unknown; pose?: unknown };
    if (m?.t === 'pose') emit(POSE_CHANNEL, m.pose);
  };
  enginePort.start();
});

/** Channels the engine port carries; the rest go through main. */
const PORT_EVENTS: ReadonlySet<string> = new Set([POSE_CHANNEL]);

const transport: ClientTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request) as Promise<unknown>,
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) {
      listeners.set(channel, (set = new Set()));
      if (!PORT_EVENTS.has(channel)) ipcRenderer.send(IPC_SUBSCRIBE, channel, true);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(channel);
        if (!PORT_EVENTS.has(channel)) ipcRenderer.send(IPC_SUBSCRIBE, channel, false);
      }
    };
  },
  send(channel, payload, transfer) {
    if (channel === FRAME_CHANNEL && enginePort) {
      enginePort.postMessage({ t: 'frame', frame: payload }, (transfer ?? []) as Transferable[]);
    } else {
      ipcRenderer.send(IPC_SEND, channel, payload);
    }
  },
};

contextBridge.exposeInMainWorld('atelier', createApiClient(contract, transport));
