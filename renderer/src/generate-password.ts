/**
 * A strong password a technician can write down and type on an appliance console: 20 characters
 * from letters and digits without look-alikes (no 0/O, 1/l/I), always with a digit, an upper- and
 * a lower-case letter, drawn with the browser's cryptographic random numbers.
 */
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALL = LOWER + UPPER + DIGITS;

export function generatePassword(length = 20, random: (n: number) => Uint32Array = randomWords): string {
  for (;;) {
    const words = random(length);
    const password = Array.from(words, (w) => ALL[w % ALL.length]).join('');
    if (/[a-z]/.test(password) && /[A-Z]/.test(password) && /[2-9]/.test(password)) return password;
  }
}

function randomWords(n: number): Uint32Array {
  return crypto.getRandomValues(new Uint32Array(n));
}
