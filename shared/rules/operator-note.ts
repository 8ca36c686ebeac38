/**
 * Skipping a recommended step or accepting a known risk must leave a reason in the journal
 * that someone reading it later can understand; a blank or one-letter note is not one.
 */
export const MIN_NOTE_LENGTH = 3;

export function isMeaningfulNote(note: string | undefined): note is string {
  return typeof note === 'string' && note.trim().length >= MIN_NOTE_LENGTH;
}
