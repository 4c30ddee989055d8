import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { ApiError } from '../shared/contract-kit';
import { isEventChannel } from '../shared/contract';
import { IPC_EVENT, IPC_INVOKE, IPC_SEND, IPC_SUBSCRIBE } from '../shared/ipc-channels';
import type { CallContext, Dispatcher } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';
import { memoryBinding, type SessionBinding } from '../core/admin/binding';
import type { Principal } from '../core/admin/accounts';
import type { PoseRouter } from '../core/pose-router';
import type { PoseFrame } from '../shared/pose';

export interface IpcDeps {
  ipcMain: IpcMain;
  dispatcher: Dispatcher;
  events: EventHub;
  /** Pose frames go to the window whose frame they answer only (`pose.subscribe` is never a broadcast). */
  poses: PoseRouter;
  log: Logger;
  /** True for frames that are our own renderer; IPC from anything else is refused. */
  isTrustedSender: (url: string) => boolean;
  /**
   * The staff member behind a session token (checked on every call: sessions expire mid-use); absent, every
   * caller is a shopper. Tokens are held here, per webContents, after a successful PIN — never in the renderer.
   */
  resolveSession?: (token: string | null) => Principal | null;
}

function senderUrl(e: IpcMainEvent | IpcMainInvokeEvent): string {
  return e.senderFrame?.url ?? '';
}

/**
 * Wires the contract onto Electron IPC. Every message's sender frame is checked, then the shared dispatcher
 * validates it; nothing a renderer sends can throw in main.
 */
export function registerIpc(deps: IpcDeps): void {
  const { ipcMain, dispatcher, events, poses, log } = deps;
  const subscriptions = new Map<WebContents, Map<string, () => void>>();
  const sessions = new WeakMap<WebContents, SessionBinding>();
  const bindingOf = (wc: WebContents): SessionBinding => {
    let b = sessions.get(wc);
    if (!b) sessions.set(wc, (b = memoryBinding()));
    return b;
  };
  /** Each window is its own peer: the engine is leased to one, and its poses go back to it alone. */
  const peerOf = (wc: WebContents): string => `ipc:${wc.id}`;
  /**
   * Role and session of the caller, derived again for every message. A trusted sender is our own renderer in the
   * kiosk's window: the kiosk's own screen (first-run setup, unlock codes).
   */
  const callerOf = (e: IpcMainEvent | IpcMainInvokeEvent, url: string): CallContext => {
    const session = bindingOf(e.sender);
    const who = deps.resolveSession?.(session.token()) ?? null;
    const base = { origin: `ipc:${url}`, session, peer: peerOf(e.sender), address: 'local', kiosk: true };
    return who ? { ...base, role: who.role, userId: who.userId } : { ...base, role: 'shopper' };
  };

  ipcMain.handle(IPC_INVOKE, async (e, channel: unknown, request: unknown) => {
    const url = senderUrl(e);
    if (!deps.isTrustedSender(url)) {
      log.warn({ url }, 'ipc: refused untrusted sender');
      return { ok: false, error: new ApiError('forbidden', 'untrusted sender').toJSON() };
    }
    return dispatcher.invoke(channel, request, callerOf(e, url));
  });

  ipcMain.on(IPC_SUBSCRIBE, (e, channel: unknown, on: unknown) => {
    if (!deps.isTrustedSender(senderUrl(e))) return;
    if (!isEventChannel(channel) || !dispatcher.eventChannels.includes(channel)) {
      log.warn({ channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel }, 'ipc: subscribe to unknown channel');
      return;
    }
    const wc = e.sender;
    let subs = subscriptions.get(wc);
    if (!subs) {
      subscriptions.set(wc, (subs = new Map()));
      const peer = peerOf(wc);
      wc.once('destroyed', () => {
        for (const off of subs!.values()) off();
        subscriptions.delete(wc);
        poses.release(peer);
      });
    }
    if (on === true && !subs.has(channel)) {
      const forward = (payload: unknown) => {
        if (!wc.isDestroyed()) wc.send(IPC_EVENT, channel, payload);
      };
      // Routed (pose frames): this window's own frames' answers only, no replay. Others: the hub, last state replayed.
      subs.set(channel, dispatcher.routedEventChannels.has(channel) ? poses.listen(peerOf(wc), forward as (p: PoseFrame) => void) : events.subscribe(channel, forward, true));
    } else if (on === false) {
      subs.get(channel)?.();
      subs.delete(channel);
    }
  });

  ipcMain.on(IPC_SEND, (e, channel: unknown, payload: unknown) => {
    const url = senderUrl(e);
    if (!deps.isTrustedSender(url)) return;
    const err = dispatcher.send(channel, payload, callerOf(e, url));
    if (err) log.warn({ code: err.code, message: err.message }, 'ipc: rejected message');
  });
}
