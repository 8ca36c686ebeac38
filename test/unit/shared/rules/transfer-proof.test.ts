import { describe, expect, it } from 'vitest';
import { checkTransferProof } from '../../../../shared/rules/transfer-proof';

const line = (file: string, ok = true, problem?: string) => ({ file, size: 10, sha256: 'abcdef012345'.padEnd(64, '0'), ok, ...(problem ? { problem } : {}) });

describe('transfer proof', () => {
  it('holds when every file was read back and matches', () => {
    expect(checkTransferProof([line('a')])).toEqual({ holds: true, reason: 'The file was read back and matches its size and SHA-256.' });
    expect(checkTransferProof([line('a'), line('b')])).toEqual({ holds: true, reason: 'All 2 files were read back and match their size and SHA-256.' });
  });

  it('fails on one differing file, naming it and its problem', () => {
    expect(checkTransferProof([line('a'), line('b', false, 'SHA-256 differs')])).toEqual({
      holds: false,
      reason: '1 of 2 files did not match: b (SHA-256 differs).',
    });
  });

  it('fails when nothing was checked', () => {
    expect(checkTransferProof([]).holds).toBe(false);
    expect(checkTransferProof(undefined).holds).toBe(false);
  });
});
