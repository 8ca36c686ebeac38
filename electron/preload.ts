/**
 * The only renderer-side door to main: `window.assistant`, generated from shared/contract.
 * Unknown channels and events are refused here as well as in main.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channels, eventNames, IPC_EVENT, IPC_INVOKE, type AssistantApi } from '../shared/contract';

const knownChannels = new Set<string>(channels);
const knownEvents = new Set<string>(eventNames);

const api: AssistantApi = {
  invoke(channel, input) {
    if (!knownChannels.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'INVALID_INPUT', message: `Unknown action ${String(channel)}.`, hint: 'Restart the assistant.' },
      });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input);
  },
  on(event, listener) {
    if (!knownEvents.has(event)) return () => undefined;
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('assistant', api);
