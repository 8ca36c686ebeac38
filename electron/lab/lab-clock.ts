/**
 * The lab's two notions of time.
 * - Lab time runs at the time scale: install durations are measured on it, so a test at
 *   scale 6000 sees a 300-second Base install finish in 50 ms.
 * - Wall time is real time: appliance clocks and token lifetimes follow it, so a clock check
 *   against the operator's own clock stays meaningful at any scale.
 * `advance` jumps both, as if that many seconds had passed.
 */
export class LabClock {
  private anchorRealMs = Date.now();
  private anchorLabMs = this.anchorRealMs;
  private advancedMs = 0;
  private scaleValue: number;

  constructor(timeScale: number) {
    this.scaleValue = assertScale(timeScale);
  }

  get scale(): number {
    return this.scaleValue;
  }

  /** Lab time in Unix milliseconds. */
  now(): number {
    return this.anchorLabMs + (Date.now() - this.anchorRealMs) * this.scaleValue;
  }

  /** Real time plus every jump, Unix milliseconds. */
  wallNow(): number {
    return Date.now() + this.advancedMs;
  }

  /** Wall time (real time plus jumps) when the lab clock read, or will read, `labMs`. */
  wallAt(labMs: number): number {
    return this.anchorRealMs + (labMs - this.anchorLabMs) / this.scaleValue + this.advancedMs;
  }

  setScale(timeScale: number): void {
    // Re-anchor so time already elapsed keeps the old scale.
    this.anchorLabMs = this.now();
    this.anchorRealMs = Date.now();
    this.scaleValue = assertScale(timeScale);
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError('advanceSeconds must be a non-negative number');
    }
    this.anchorLabMs += seconds * 1000;
    this.advancedMs += seconds * 1000;
  }

  /** Real milliseconds until the lab clock reaches `labMs` (0 if already past). */
  realDelayUntil(labMs: number): number {
    return Math.max(0, (labMs - this.now()) / this.scaleValue);
  }

  restart(): void {
    this.anchorRealMs = Date.now();
    this.anchorLabMs = this.anchorRealMs;
    this.advancedMs = 0;
  }
}

function assertScale(timeScale: number): number {
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new RangeError('timeScale must be a positive number');
  }
  return timeScale;
}
