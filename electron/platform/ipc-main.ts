/**
 * Serves the router over Electron IPC. The sender check lives here, inside the one wrapper,
 * so no handler can forget it: only the main window's top frame, showing our own pages.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract';
import type { EventHub } from '../bridge/event-hub';
import type { Router } from '../bridge/router';

export function serveOverIpc(router: Router, hub: EventHub, window: BrowserWindow, isOwnUrl: (url: string) => boolean): () => void {
  const isTrusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents && event.senderFrame !== null && event.senderFrame === window.webContents.mainFrame && isOwnUrl(event.senderFrame.url);

  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => {
    if (!isTrusted(event)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: 'A page that is not the assistant tried to use it.', hint: 'Close other windows and restart the assistant.' },
      };
    }
    return router.dispatch(channel, input);
  });
  const unsubscribe = hub.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
