import { describe, expect, it } from 'vitest';
import { packageLabel } from '../../../shared/package-label';

describe('packageLabel', () => {
  it('adds the version only when the name does not already carry it', () => {
    expect(packageLabel({ name: 'Base Software 6.2.0', version: '6.2.0' })).toBe('Base Software 6.2.0');
    expect(packageLabel({ name: 'Base Software', version: '6.2.0' })).toBe('Base Software 6.2.0');
  });
});
