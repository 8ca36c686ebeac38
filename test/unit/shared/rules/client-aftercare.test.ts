import { describe, expect, it } from 'vitest';
import { checkClientAftercareNeeded } from '../../../../shared/rules/client-aftercare';

describe('R14 client aftercare', () => {
  it('is needed once a site package was installed', () => {
    const verdict = checkClientAftercareNeeded([
      { kind: 'base', name: 'Base Software' },
      { kind: 'site', name: 'Site Software' },
    ]);
    expect(verdict.holds).toBe(true);
    expect(verdict.reason).toContain('Site Software');
  });

  it('is not needed after Base software alone', () => {
    expect(checkClientAftercareNeeded([{ kind: 'base', name: 'Base Software' }])).toMatchObject({
      holds: false,
      reason: expect.stringMatching(/Only Base software/),
    });
  });

  it('is not needed when nothing was installed', () => {
    expect(checkClientAftercareNeeded([]).holds).toBe(false);
  });
});
