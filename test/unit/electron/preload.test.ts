/**
 * The real preload on a faked `electron`: it exposes exactly `window.assistant`, forwards
 * only the contract's channels over the one invoke channel, and delivers only known events.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, type AssistantApi } from '../../../shared/contract';
import { createFakeElectron, type FakeElectron } from '../helpers/fake-electron';

let electron: FakeElectron;
let api: AssistantApi;

beforeEach(async () => {
  vi.resetModules();
  electron = createFakeElectron();
  vi.doMock('electron', () => electron);
  await import('../../../electron/preload');
  api = electron.contextBridge.exposed.get('assistant') as AssistantApi;
});

describe('preload', () => {
  it('exposes only window.assistant with invoke and on', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['assistant']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards a contract call over the one invoke channel', async () => {
    electron.ipcRenderer.answer = () => ({ ok: true, value: [] });
    expect(await api.invoke('sites.list', {})).toEqual({ ok: true, value: [] });
    expect(electron.ipcRenderer.invocations).toEqual([[IPC_INVOKE, 'sites.list', {}]]);
  });

  it('refuses an unknown channel without sending anything to main', async () => {
    for (const channel of ['fs.readFile', '__proto__', 'constructor', '']) {
      expect(await api.invoke(channel as never, {} as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', hint: expect.any(String) } });
    }
    expect(electron.ipcRenderer.invocations).toEqual([]);
  });

  it('delivers an event only to listeners of that event, and stops after unsubscribing', () => {
    const progress: unknown[] = [];
    const stop = api.on('progress', (payload) => progress.push(payload));
    electron.ipcRenderer.emit(IPC_EVENT, {}, 'progress', { id: 1 });
    electron.ipcRenderer.emit(IPC_EVENT, {}, 'sites.updated', []);
    stop();
    electron.ipcRenderer.emit(IPC_EVENT, {}, 'progress', { id: 2 });
    expect(progress).toEqual([{ id: 1 }]);
    expect(electron.ipcRenderer.listenerCount(IPC_EVENT)).toBe(0);
  });

  it('ignores a listener for an event the contract does not declare', () => {
    const stop = api.on('secrets.leaked' as never, () => undefined);
    expect(electron.ipcRenderer.listenerCount(IPC_EVENT)).toBe(0);
    expect(stop()).toBeUndefined();
  });
});
