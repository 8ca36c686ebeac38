/**
 * Progress events of one step for the UI: every source of progress the actors meet (a byte
 * transfer, a media write or read-back, an install measured in seconds) goes through a
 * ProgressMeter, so they all carry the same rate, ETA and 10 Hz throttle. An install's part
 * (uploading the package, the appliance installing, restarting, the version being verified)
 * travels as the report's `phase`.
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

export type InstallPhase = NonNullable<Progress['phase']>;

/**
 * Reports `done` under one label, measured and throttled by `meter`; a final sample always goes
 * out. `phase`, for a part of an install, is passed through to every report.
 */
export function progressReporter(
  sink: ProgressSink,
  base: ActorBaseInput,
  label: string,
  unit: Progress['unit'],
  meter: ProgressMeter,
  phase?: InstallPhase,
): (done: number, final?: boolean) => void {
  return (done, final = false) => {
    const reading = meter.sample(sink.clock.now(), done, final);
    if (reading) sink.emitProgress({ procedureId: base.procedureId, stepId: base.stepId, label, unit, ...reading, ...(phase ? { phase } : {}) });
  };
}

export interface TransferReporter {
  /** For a client's onProgress; a total reported late (e.g. Content-Length) is taken up. */
  onProgress(progress: TransferProgress): void;
  /** The transfer finished with `bytes` in place: reported as complete. */
  finish(bytes: number): void;
}

/**
 * Bytes of one download, upload or copy; `phase` when the transfer is part of an install (the
 * package uploaded to the appliance). Its time left comes from the bytes, so only with a total.
 */
export function transferReporter(sink: ProgressSink, base: ActorBaseInput, label: string, total: number | null, phase?: InstallPhase): TransferReporter {
  const meter = new ProgressMeter({ total });
  const report = progressReporter(sink, base, label, 'bytes', meter, phase);
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
