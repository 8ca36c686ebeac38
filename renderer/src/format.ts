/**
 * Pure formatting of numbers and times as a technician reads them. One place, so the
 * progress bar, the journal and the tests all show the same text.
 */

/** Sizes: one function for main and the renderer (binary units everywhere). */
import { formatBytes } from '../../shared/sizes';
import { formatDuration } from '../../shared/durations';

export { formatBytes, formatDuration };

/** Time left; rounded up so the last second never reads "0 s" while work remains. */
export function formatEta(etaSeconds: number | null): string {
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return 'estimating…';
  return `${formatDuration(Math.ceil(etaSeconds))} left`;
}

export function formatRate(rate: number | null, unit: 'bytes' | 'seconds'): string {
  if (rate === null || !Number.isFinite(rate) || rate < 0) return '—';
  if (unit === 'seconds') return `${rate.toFixed(1)} s/s`;
  // A slow site link reads "350 KiB/s", a fast one "4.2 MiB/s": the same units as the sizes.
  return `${formatBytes(rate)}/s`;
}

export function formatAmount(value: number, unit: 'bytes' | 'seconds'): string {
  return unit === 'bytes' ? formatBytes(value) : formatDuration(value);
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatRelativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return '—';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return then.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * An ISO 8601 instant as main writes it (`2026-11-28T20:56:25.630Z`, or with a numeric
 * offset). The look-arounds keep it from matching inside a longer token, so a digest or an
 * identifier that merely contains digits and dashes is never rewritten.
 */
const ISO_TIMESTAMP = /(?<![\w.:+-])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})(?!\w|:\w)/g;

/**
 * Server text with every ISO 8601 timestamp in it shown as local date and time to the second,
 * as the journal shows its times. Main writes instants in UTC for the record; a technician on
 * site reads wall-clock time. Anything that does not parse as a real date is left as it is.
 */
export function humaniseTimestamps(text: string): string {
  return text.replace(ISO_TIMESTAMP, (match) => {
    const date = new Date(match);
    return Number.isNaN(date.getTime()) ? match : formatDateTime(match);
  });
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "AB:CD:EF:01 … 9A:BC:DE:F0": enough to compare by eye, the full value goes in a title. */
export function shortenFingerprint(fingerprint: string): string {
  const groups = fingerprint.split(':');
  if (groups.length <= 8) return fingerprint;
  return `${groups.slice(0, 4).join(':')} … ${groups.slice(-4).join(':')}`;
}

/** A full SHA-256 as main sends it: 64 hex digits, nothing else. */
export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/i.test(value.trim());
}

/** A SHA-256 certificate fingerprint as TLS tools print it: 32 hex bytes joined by colons. */
export function isFingerprint256(value: string): boolean {
  return /^(?:[0-9a-f]{2}:){31}[0-9a-f]{2}$/i.test(value.trim());
}

/**
 * The groups a proof is drawn in: four bytes per group for a colon fingerprint (each group
 * keeps its colon, so the groups joined are the fingerprint), eight characters otherwise.
 */
export function proofGroups(value: string): string[] {
  const text = value.trim();
  if (!isFingerprint256(text)) return groupCharacters(text);
  const bytes = text.split(':');
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) groups.push(bytes.slice(i, i + 4).join(':') + (i + 4 < bytes.length ? ':' : ''));
  return groups;
}

/**
 * A long value cut into equal groups to read aloud or compare by eye ("3f2a9c1d 77b0e4aa …"):
 * eight characters per group for a digest or a key. The groups joined give the value back.
 */
export function groupCharacters(value: string, size = 8): string[] {
  const text = value.trim();
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += size) groups.push(text.slice(i, i + size));
  return groups;
}


/** Appliance clock minus ours, in words the operator can act on. */
export function formatClockOffset(seconds: number): string {
  const rounded = Math.round(seconds);
  if (rounded === 0) return 'in sync';
  const size = formatDuration(Math.abs(rounded));
  return rounded > 0 ? `${size} ahead` : `${size} behind`;
}

/** The assistant warns beyond ±120 s: download keys and certificate checks depend on the clock. */
export const CLOCK_OFFSET_LIMIT_SECONDS = 120;

export function isClockOffsetTooLarge(seconds: number): boolean {
  return Math.abs(seconds) > CLOCK_OFFSET_LIMIT_SECONDS;
}

export function percent(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

/** File systems that store a file's size in 32 bits (the names drive listers report, lower case). */
const FAT_NAMES = new Set(['vfat', 'msdos', 'fat', 'fat12', 'fat16', 'fat32', 'umsdos']);

export function isFatFilesystem(filesystem: string): boolean {
  return FAT_NAMES.has(filesystem.toLowerCase());
}

const FILESYSTEM_NAMES: Record<string, string> = {
  exfat: 'exFAT',
  ntfs: 'NTFS',
  ntfs3: 'NTFS',
  apfs: 'APFS',
  hfs: 'HFS',
  hfsplus: 'HFS+',
  btrfs: 'Btrfs',
  xfs: 'XFS',
  folder: 'Folder',
};

/** "vfat" as the technician knows it from the format dialog: "FAT32". Unknown names stay as given. */
export function formatFilesystem(filesystem: string): string {
  const name = filesystem.toLowerCase();
  if (isFatFilesystem(name)) return 'FAT32';
  return FILESYSTEM_NAMES[name] ?? filesystem;
}

/**
 * Where a procedure runs, for lists and headings. Main names the site; a procedure without
 * one (fetching updates on the connected side of an air gap) still needs words, never a
 * blank or a dangling "at".
 */
/** A count grouped by thousands with a no-break space, as the history's "37 of 1 000". */
export function formatCount(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

export function procedureWhere(procedure: { kind: string; siteName: string }): string {
  if (procedure.siteName.trim() !== '') return procedure.siteName;
  return procedure.kind === 'P2-fetch' ? 'Connected computer (no site)' : 'No site';
}

/**
 * The maintenance window's clock as the header shows it: how long it has been open, and the
 * planned end where one is known ("Window open 12 min · planned end 14:30"). Past the planned
 * end it says by how much, so an overrun is never silent.
 */
export function formatWindowClock(startedAt: string, plannedEnd: string | undefined, now: Date): { text: string; overrun: boolean } {
  const start = new Date(startedAt).getTime();
  if (Number.isNaN(start)) return { text: 'Window open', overrun: false };
  const minutes = Math.max(0, Math.floor((now.getTime() - start) / 60_000));
  const open = minutes === 0 ? 'Window open less than 1 min' : `Window open ${formatDuration(minutes * 60)}`;
  if (plannedEnd === undefined) return { text: open, overrun: false };
  const end = new Date(plannedEnd).getTime();
  if (Number.isNaN(end)) return { text: open, overrun: false };
  const endText = new Date(end).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (now.getTime() <= end) return { text: `${open} · planned end ${endText}`, overrun: false };
  const over = formatDuration(Math.max(60, Math.floor((now.getTime() - end) / 60_000) * 60));
  return { text: `${open} · ${over} past the planned end ${endText}`, overrun: true };
}

/** "12 min elapsed": whole minutes once past one, so the figure does not flicker. */
export function formatElapsed(elapsedSeconds: number): string {
  const seconds = Math.max(0, Math.floor(elapsedSeconds));
  return `${formatDuration(seconds < 60 ? seconds : Math.floor(seconds / 60) * 60)} elapsed`;
}

/** A typical duration in minutes, as the vendor states it ("usually 15–60 min"). */
export interface ExpectedMinutes {
  min: number;
  max: number;
}

/**
 * Time spent against the usual range, never a made-up end: "12 min elapsed · usually 15–60
 * min". Past the range it says so plainly, as a long install is not yet a failed one.
 */
export function formatElapsedAgainst(elapsedSeconds: number, expected: ExpectedMinutes): string {
  const elapsed = formatElapsed(elapsedSeconds);
  const usual = `usually ${expected.min}–${expected.max} min`;
  if (elapsedSeconds > expected.max * 60) return `${elapsed} · longer than the usual ${expected.min}–${expected.max} min (much stored data takes longer)`;
  return `${elapsed} · ${usual}`;
}
