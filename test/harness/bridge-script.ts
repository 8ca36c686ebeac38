/**
 * The browser side of the harness: defines `window.assistant` (the same AssistantApi the
 * Electron preload exposes) over a websocket to the harness server. Served as a static
 * script so the page's CSP stays 'self'-only.
 */
export const bridgeScript = `(() => {
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/bridge');
  const pending = new Map();
  const listeners = new Map();
  const queue = [];
  let nextId = 1;
  socket.addEventListener('open', () => { while (queue.length) socket.send(queue.shift()); });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.id === null) {
      // A frame the harness could not read as a call: nothing waits for it, so say it here.
      console.warn('[harness bridge]', data.reply && data.reply.error);
    } else if (data.id !== undefined) {
      const resolve = pending.get(data.id);
      pending.delete(data.id);
      if (resolve) resolve(data.reply);
    } else if (data.event) {
      for (const listener of listeners.get(data.event) || []) listener(data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'UNREACHABLE', message: 'The assistant services stopped answering.', hint: 'Restart the assistant; your procedure resumes where it was.' } });
    }
    pending.clear();
    document.documentElement.dataset.bridge = 'closed';
  });
  window.assistant = Object.freeze({
    invoke(channel, input) {
      const id = nextId++;
      const text = JSON.stringify({ id, channel, input });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(text); else queue.push(text);
      });
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return () => listeners.get(event).delete(listener);
    },
  });
})();`;
