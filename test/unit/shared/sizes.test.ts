import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../shared/sizes';
import { formatBytes as rendererFormatBytes } from '../../../renderer/src/format';

describe('sizes', () => {
  it('reads in binary units, whole bytes and whole hundreds without a decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatBytes(734003200)).toBe('700 MiB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('is the one function the renderer uses too', () => {
    expect(rendererFormatBytes).toBe(formatBytes);
  });
});
