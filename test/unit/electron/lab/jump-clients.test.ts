/** The Jump Client population's upgrade wave, worked out from lab times alone. */
import { describe, expect, it } from 'vitest';
import { JUMP_CLIENT_UPGRADE_S, JumpClients } from '../../../../electron/lab/jump-clients';

const S = 1000;
const T0 = 1_000_000_000;

describe('JumpClients', () => {
  it('starts all online', () => {
    expect(new JumpClients(40).counts(T0, 20)).toEqual({ total: 40, online: 40, upgrading: 0, pending: 0 });
  });

  it('upgrades in waves of at most the limit, each taking 60 lab seconds', () => {
    const clients = new JumpClients(40);
    clients.markAllPending(T0, 15);
    expect(clients.counts(T0, 15)).toEqual({ total: 40, online: 0, upgrading: 15, pending: 25 });
    expect(clients.counts(T0 + (JUMP_CLIENT_UPGRADE_S - 1) * S, 15).online).toBe(0);
    expect(clients.counts(T0 + JUMP_CLIENT_UPGRADE_S * S, 15)).toMatchObject({ online: 15, upgrading: 15, pending: 10 });
    expect(clients.counts(T0 + 2 * JUMP_CLIENT_UPGRADE_S * S, 15)).toMatchObject({ online: 30, upgrading: 10, pending: 0 });
    expect(clients.counts(T0 + 3 * JUMP_CLIENT_UPGRADE_S * S, 15)).toMatchObject({ online: 40, upgrading: 0, pending: 0 });
  });

  it('gives the same answer after one big jump as after many small looks', () => {
    const jumped = new JumpClients(40);
    const looked = new JumpClients(40);
    jumped.markAllPending(T0, 7);
    looked.markAllPending(T0, 7);
    for (let t = T0; t <= T0 + 250 * S; t += 13 * S) looked.counts(t, 7);
    expect(jumped.counts(T0 + 250 * S, 7)).toEqual(looked.counts(T0 + 250 * S, 7));
  });

  it('a raised limit takes more clients from the moment it changes', () => {
    const clients = new JumpClients(40);
    clients.markAllPending(T0, 10);
    clients.settle(T0 + 30 * S, 10);
    expect(clients.counts(T0 + 30 * S, 30)).toMatchObject({ upgrading: 30, pending: 10 });
    // The first ten end at T0+60 s, the twenty added at T0+30 s end at T0+90 s.
    expect(clients.counts(T0 + 60 * S, 30)).toMatchObject({ online: 10, upgrading: 30, pending: 0 });
    expect(clients.counts(T0 + 90 * S, 30)).toMatchObject({ online: 30, upgrading: 10 });
  });
});

describe('JumpClients under different limits', () => {
  it('a higher limit brings every client back sooner, never more upgrading at once than the limit', () => {
    const backAfter = (limit: number) => {
      const clients = new JumpClients(40);
      clients.markAllPending(T0, limit);
      for (let s = 0; ; s += 10) {
        const counts = clients.counts(T0 + s * S, limit);
        expect(counts.upgrading).toBeLessThanOrEqual(limit);
        if (counts.online === 40) return s;
      }
    };
    expect(backAfter(5)).toBe(8 * JUMP_CLIENT_UPGRADE_S);
    expect(backAfter(20)).toBe(2 * JUMP_CLIENT_UPGRADE_S);
    expect(backAfter(40)).toBe(JUMP_CLIENT_UPGRADE_S);
  });
});
