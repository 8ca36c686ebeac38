/**
 * Progress events of one step for the UI: every source of progress the actors meet (a byte
 * transfer, a media write or read-back, an install measured in seconds) goes through a
 * ProgressMeter, so they all carry the same rate, ETA and 10 Hz throttle.
 */
import type { Progress } from '../../../shared/domain';
import type { ActorBaseInput } from '../../../shared/procedures/actors';
import type { TransferProgress } from '../appliance/types';
import type { MediaProgress, MediaProgressListener } from '../media';
import type { Clock } from '../ports';
import { ProgressMeter } from './progress-meter';

export interface ProgressSink {
  clock: Clock;
  emitProgress(progress: Progress): void;
}

/** Reports `done` under one label, measured and throttled by `meter`; a final sample always goes out. */
export function progressReporter(
  sink: ProgressSink,
  base: ActorBaseInput,
  label: string,
  unit: Progress['unit'],
  meter: ProgressMeter,
): (done: number, final?: boolean) => void {
  return (done, final = false) => {
    const reading = meter.sample(sink.clock.now(), done, final);
    if (reading) sink.emitProgress({ procedureId: base.procedureId, stepId: base.stepId, label, unit, ...reading });
  };
}

export interface TransferReporter {
  /** For a client's onProgress; a total reported late (e.g. Content-Length) is taken up. */
  onProgress(progress: TransferProgress): void;
  /** The transfer finished with `bytes` in place: reported as complete. */
  finish(bytes: number): void;
}

/** Bytes of one download, upload or copy. */
export function transferReporter(sink: ProgressSink, base: ActorBaseInput, label: string, total: number | null): TransferReporter {
  const meter = new ProgressMeter({ total });
  const report = progressReporter(sink, base, label, 'bytes', meter);
  return {
    onProgress: (p) => {
      if (p.total !== null) meter.setTotal(p.total);
      report(p.done);
    },
    finish: (bytes) => report(bytes, true),
  };
}

/**
 * The media service's write / read-back progress as steps show it. Each phase gets its own meter,
 * because reading back restarts at zero and must not inherit the writing rate.
 */
export function mediaReporter(sink: ProgressSink, base: ActorBaseInput, labelOf: (progress: MediaProgress) => string): MediaProgressListener {
  let phase: MediaProgress['phase'] | undefined;
  let meter: ProgressMeter | undefined;
  return (progress) => {
    if (!meter || phase !== progress.phase) {
      phase = progress.phase;
      meter = new ProgressMeter({ total: progress.totalBytes });
    }
    const done = progress.phase === 'write' ? progress.bytesWritten : progress.bytesVerified;
    progressReporter(sink, base, labelOf(progress), 'bytes', meter)(done, done >= progress.totalBytes);
  };
}
