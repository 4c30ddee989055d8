import { contextBridge, ipcRenderer } from 'electron';
import { contract } from '../shared/contract';
import { createApiClient, type ClientTransport } from '../shared/client';
import { IPC_EVENT, IPC_INVOKE, IPC_SEND, IPC_SUBSCRIBE } from '../shared/ipc-channels';

/**
 * The preload: builds `window.atelier` from the contract over Electron IPC. Only domain functions cross the
 * bridge — never ipcRenderer or any Node object. Responses and events are validated here, in the isolated world.
 * Camera frames take the same path as every other `send` (to main's dispatcher, then the inference host's frame
 * gate): `contextBridge` has already copied them by the time they are here, and IPC copies them again — nothing is
 * transferred, and no transfer list is passed on.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC_EVENT, (_e, channel: unknown, payload: unknown) => {
  if (typeof channel === 'string') emit(channel, payload);
});

const emit = (channel: string, payload: unknown): void => {
  for (const fn of listeners.get(channel) ?? []) fn(payload);
};

const transport: ClientTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request) as Promise<unknown>,
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) {
      listeners.set(channel, (set = new Set()));
      ipcRenderer.send(IPC_SUBSCRIBE, channel, true);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(channel);
        ipcRenderer.send(IPC_SUBSCRIBE, channel, false);
      }
    };
  },
  send(channel, payload) {
    ipcRenderer.send(IPC_SEND, channel, payload);
  },
};

contextBridge.exposeInMainWorld('atelier', createApiClient(contract, transport));
