import { describe, expect, it } from 'vitest';
import { countOf, nounFor } from '../../../shared/counting';

describe('counting words', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(countOf(1, 'package')).toBe('1 package');
    expect(countOf(2, 'package')).toBe('2 packages');
    expect(countOf(0, 'update')).toBe('0 updates');
    expect(countOf(1, 'more file is', 'more files are')).toBe('1 more file is');
    expect(nounFor(1, 'file')).toBe('file');
    expect(nounFor(3, 'file')).toBe('files');
  });
});
