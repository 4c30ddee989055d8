/**
 * Electron IPC carries the whole contract on four fixed channels; the contract's channel name travels as the
 * first argument. Keeping the set fixed lets main register one validated handler per kind.
 */
export const IPC_INVOKE = 'atelier:invoke';
export const IPC_SUBSCRIBE = 'atelier:subscribe';
export const IPC_EVENT = 'atelier:event';
export const IPC_SEND = 'atelier:send';
