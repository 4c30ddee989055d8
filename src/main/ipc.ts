import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { ApiError } from '../shared/contract-kit';
import { IPC_EVENT, IPC_INVOKE, IPC_SEND, IPC_SUBSCRIBE } from '../shared/ipc-channels';
import type { Dispatcher } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';

export interface IpcDeps {
  ipcMain: IpcMain;
  dispatcher: Dispatcher;
  events: EventHub;
  log: Logger;
  /** True for frames that are our own renderer; IPC from anything else is refused. */
  isTrustedSender: (url: string) => boolean;
}

function senderUrl(e: IpcMainEvent | IpcMainInvokeEvent): string {
  return e.senderFrame?.url ?? '';
}

/**
 * Wires the contract onto Electron IPC. Every message's sender frame is checked, then the shared dispatcher
 * validates it; nothing a renderer sends can throw in main.
 */
export function registerIpc(deps: IpcDeps): void {
  const { ipcMain, dispatcher, events, log } = deps;
  const subscriptions = new Map<WebContents, Map<string, () => void>>();

  ipcMain.handle(IPC_INVOKE, async (e, channel: unknown, request: unknown) => {
    const url = senderUrl(e);
    if (!deps.isTrustedSender(url)) {
      log.warn({ url }, 'ipc: refused untrusted sender');
      return { ok: false, error: new ApiError('forbidden', 'untrusted sender').toJSON() };
    }
    return dispatcher.invoke(channel, request, { role: 'shopper', origin: `ipc:${url}` });
  });

  ipcMain.on(IPC_SUBSCRIBE, (e, channel: unknown, on: unknown) => {
    if (!deps.isTrustedSender(senderUrl(e))) return;
    if (typeof channel !== 'string' || !dispatcher.eventChannels.includes(channel)) {
      log.warn({ channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel }, 'ipc: subscribe to unknown channel');
      return;
    }
    const wc = e.sender;
    let subs = subscriptions.get(wc);
    if (!subs) {
      subscriptions.set(wc, (subs = new Map()));
      wc.once('destroyed', () => {
        for (const off of subs!.values()) off();
        subscriptions.delete(wc);
      });
    }
    if (on === true && !subs.has(channel)) {
      subs.set(
        channel,
        events.subscribe(channel, (payload) => {
          if (!wc.isDestroyed()) wc.send(IPC_EVENT, channel, payload);
        }, true),
      );
    } else if (on === false) {
      subs.get(channel)?.();
      subs.delete(channel);
    }
  });

  ipcMain.on(IPC_SEND, (e, channel: unknown, payload: unknown) => {
    const url = senderUrl(e);
    if (!deps.isTrustedSender(url)) return;
    const err = dispatcher.send(channel, payload, { role: 'shopper', origin: `ipc:${url}` });
    if (err) log.warn({ code: err.code, message: err.message }, 'ipc: rejected message');
  });
}
