/** 20250131-142501: a UTC time, sortable and safe in file names and procedure ids. */
export function compactTime(at: number | string): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
