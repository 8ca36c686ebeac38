import { describe, expect, it } from 'vitest';
import { isMeaningfulNote } from '../../../../shared/rules/operator-note';

describe('operator note', () => {
  it('accepts a short sentence and rejects blanks', () => {
    expect(isMeaningfulNote('Exported last week')).toBe(true);
    expect(isMeaningfulNote('   ')).toBe(false);
    expect(isMeaningfulNote('ok')).toBe(false);
    expect(isMeaningfulNote(undefined)).toBe(false);
  });
});
