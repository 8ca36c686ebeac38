import { describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../../../../electron/bridge/event-hub';
import { createRouter, type Handlers } from '../../../../electron/bridge/router';
import { AppError } from '../../../../shared/errors';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const notUsed = () => {
    throw new Error('not used in this test');
  };
  return new Proxy(overrides as Handlers, { get: (target, key) => (target as Record<string, unknown>)[key as string] ?? notUsed });
}

describe('router', () => {
  it('validates input before the handler runs and names the field', async () => {
    const remove = vi.fn();
    const router = createRouter(handlersWith({ 'sites.remove': remove }));
    const reply = await router.dispatch('sites.remove', { id: '' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('INVALID_INPUT');
      expect(reply.error.message).toMatch(/^id:/);
    }
    expect(remove).not.toHaveBeenCalled();
  });

  it('refuses a channel the contract does not declare', async () => {
    const reply = await createRouter(handlersWith({})).dispatch('fs.deleteEverything', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('passes an AppError through as code, message and hint', async () => {
    const router = createRouter(
      handlersWith({
        'sites.remove': () => {
          throw new AppError('NOT_FOUND', 'Gone.', 'Pick another.');
        },
      }),
    );
    expect(await router.dispatch('sites.remove', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Gone.', hint: 'Pick another.' },
    });
  });

  it('hides an unexpected error behind INTERNAL and reports it to the log hook', async () => {
    const onUnexpectedError = vi.fn();
    const router = createRouter(
      handlersWith({
        'sites.remove': () => {
          throw new TypeError('secret stack detail');
        },
      }),
      { onUnexpectedError },
    );
    const reply = await router.dispatch('sites.remove', { id: 'x' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('INTERNAL');
      expect(JSON.stringify(reply)).not.toContain('secret stack detail');
    }
    expect(onUnexpectedError).toHaveBeenCalledWith('sites.remove', expect.any(TypeError));
  });

  it('checks the handler output against the contract', async () => {
    const router = createRouter(handlersWith({ 'sites.remove': () => ({ removed: 'yes' }) as never }));
    const reply = await router.dispatch('sites.remove', { id: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('returns the validated value on success', async () => {
    const router = createRouter(handlersWith({ 'sites.remove': ({ id }) => ({ removed: id === 'x' }) }));
    expect(await router.dispatch('sites.remove', { id: 'x' })).toEqual({ ok: true, value: { removed: true } });
  });
});

describe('event hub', () => {
  it('delivers valid payloads and drops invalid ones', () => {
    const onInvalid = vi.fn();
    const hub = createEventHub(onInvalid);
    const seen: unknown[] = [];
    const unsubscribe = hub.subscribe((event, payload) => seen.push([event, payload]));
    hub.emit('sites.updated', []);
    hub.emit('progress', { nonsense: true } as never);
    unsubscribe();
    hub.emit('sites.updated', []);
    expect(seen).toEqual([['sites.updated', []]]);
    expect(onInvalid).toHaveBeenCalledTimes(1);
  });
});
