/** Progress of writing or verifying a bundle, throttled to about 10 Hz for the UI. */
export interface MediaProgress {
  phase: 'write' | 'verify';
  /** File being written or read back. */
  file: string;
  bytesWritten: number;
  bytesVerified: number;
  /** Bytes each phase covers (the bundle's package bytes). */
  totalBytes: number;
}

export type MediaProgressListener = (progress: MediaProgress) => void;

const MIN_INTERVAL_MS = 100;

export class MediaProgressReporter {
  private bytesWritten = 0;
  private bytesVerified = 0;
  private phase: MediaProgress['phase'] = 'write';
  private file = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly totalBytes: number,
    private readonly listener: MediaProgressListener | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  start(phase: MediaProgress['phase'], file: string): void {
    this.phase = phase;
    this.file = file;
    this.emit(true);
  }

  add(bytes: number): void {
    if (this.phase === 'write') this.bytesWritten += bytes;
    else this.bytesVerified += bytes;
    this.emit(false);
  }

  /** Always reported, so the UI sees the phase complete. */
  finish(): void {
    this.emit(true);
  }

  private emit(force: boolean): void {
    if (!this.listener) return;
    const at = this.now();
    if (!force && at - this.lastAt < MIN_INTERVAL_MS) return;
    this.lastAt = at;
    this.listener({ phase: this.phase, file: this.file, bytesWritten: this.bytesWritten, bytesVerified: this.bytesVerified, totalBytes: this.totalBytes });
  }
}
