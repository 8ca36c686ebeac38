/**
 * Fuzzing the lab's streaming multipart splitter: any chunking of a valid body gives the same
 * parts, any prefix short of the closing boundary is rejected as incomplete, and garbage ends
 * in a clean MultipartError (or a valid reading) — never another error, never a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultipartError, MultipartSplitter, type MultipartEvent } from '../../../../electron/lab/multipart-stream';
import { FUZZ_TIMEOUT_MS, fuzzRuns } from '../../helpers/fuzz';

interface Part {
  name: string;
  filename: string | null;
  data: string;
}

type Outcome = { ok: true; parts: Part[]; dataBytes: number } | { ok: false; error: unknown };

/** Feeds `chunks` to a splitter and collects the parts, or the error; fails on a hang. */
function split(boundary: string, chunks: Buffer[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const splitter = new MultipartSplitter(boundary);
    const parts: Part[] = [];
    let dataBytes = 0;
    const hang = setTimeout(() => reject(new Error(`neither end nor error within 2 s (${chunks.length} chunks)`)), 2000);
    splitter.on('data', (event: MultipartEvent) => {
      if (event.type === 'part') parts.push({ name: event.name, filename: event.filename, data: '' });
      else if (event.type === 'data') {
        dataBytes += event.chunk.length;
        const part = parts.at(-1);
        if (!part) reject(new Error('data before any part'));
        else part.data += event.chunk.toString('latin1');
      }
    });
    splitter.on('end', () => {
      clearTimeout(hang);
      resolve({ ok: true, parts, dataBytes });
    });
    splitter.on('error', (error) => {
      clearTimeout(hang);
      resolve({ ok: false, error });
    });
    for (const chunk of chunks) splitter.write(chunk);
    splitter.end();
  });
}

/** `body` cut at the given points (any order, duplicates allowed: empty chunks are valid writes). */
function chunked(body: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(body.subarray(from, point));
    from = point;
  }
  chunks.push(body.subarray(from));
  return chunks;
}

const BCHARS = "abcXYZ0189'()+_,-./:=?".split('');
const boundaryArb = fc.string({ unit: fc.constantFrom(...BCHARS), minLength: 1, maxLength: 70 });
const nameArb = fc.string({ unit: fc.constantFrom(...'abz_-09 .'.split('')), minLength: 1, maxLength: 12 });

/** Content bytes, salted with what looks like the start of a delimiter to tempt the scanner. */
function contentArb(boundary: string) {
  const near = [`\r\n`, `\r\n-`, `\r\n--`, `--${boundary}`, `\r\n--${boundary.slice(0, -1)}`, `\r`, `\n--${boundary}`];
  return fc
    .array(fc.oneof(fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')), fc.constantFrom(...near)), { maxLength: 8 })
    .map((pieces) => pieces.join(''))
    .filter((content) => !content.includes(`\r\n--${boundary}`));
}

const partArb = (boundary: string) =>
  fc.record({
    name: nameArb,
    filename: fc.option(nameArb, { nil: null }),
    withHeaders: fc.boolean(),
    contentType: fc.boolean(),
    padding: fc.constantFrom('', ' ', '\t ', '  '),
    data: contentArb(boundary),
  });

const bodyArb = boundaryArb.chain((boundary) =>
  fc.record({
    boundary: fc.constant(boundary),
    preamble: fc.constantFrom('', 'This is a preamble.', 'x\r\ny').filter((text) => !`\r\n${text}`.includes(`\r\n--${boundary}`)),
    parts: fc.array(partArb(boundary), { minLength: 1, maxLength: 4 }),
    epilogue: fc.constantFrom('', '\r\n', '\r\nignored epilogue', `\r\n--${boundary}\r\n\r\nafter the end`),
  }),
);

type BodySpec = typeof bodyArb extends fc.Arbitrary<infer T> ? T : never;

/** Serialises a form as RFC 7578 says; a part without headers keeps only the blank line. */
function serialise(spec: BodySpec): { body: Buffer; expected: Part[]; closing: number } {
  let text = spec.preamble ? `${spec.preamble}\r\n` : '';
  const expected: Part[] = [];
  for (const part of spec.parts) {
    text += `--${spec.boundary}${part.padding}\r\n`;
    if (part.withHeaders) {
      const filename = part.filename === null ? '' : `; filename="${part.filename}"`;
      text += `Content-Disposition: form-data; name="${part.name}"${filename}\r\n`;
      if (part.contentType) text += 'Content-Type: application/octet-stream\r\n';
      expected.push({ name: part.name, filename: part.filename, data: part.data });
    } else {
      expected.push({ name: '', filename: null, data: part.data });
    }
    text += `\r\n${part.data}\r\n`;
  }
  const closing = text.length + `--${spec.boundary}--`.length;
  text += `--${spec.boundary}--${spec.epilogue}`;
  return { body: Buffer.from(text, 'latin1'), expected, closing };
}

describe('multipart splitter (fuzzed)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('gives the same parts however a valid body is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.array(fc.nat(), { maxLength: 30 }), async (spec, cuts) => {
        const { body, expected } = serialise(spec);
        const whole = await split(spec.boundary, [body]);
        const pieces = await split(spec.boundary, chunked(body, cuts));
        expect(whole).toEqual({ ok: true, parts: expected, dataBytes: expected.reduce((sum, part) => sum + part.data.length, 0) });
        expect(pieces).toEqual(whole);
      }),
      fuzzRuns(400),
    );
  });

  it('rejects every prefix that stops before the closing boundary as incomplete', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.nat(), fc.array(fc.nat(), { maxLength: 10 }), async (spec, at, cuts) => {
        const { body, closing } = serialise(spec);
        const prefix = body.subarray(0, at % closing);
        const outcome = await split(spec.boundary, chunked(prefix, cuts));
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) {
          expect(outcome.error).toBeInstanceOf(MultipartError);
          expect((outcome.error as Error).message).toMatch(/ended before the closing boundary|Malformed multipart delimiter/);
        }
      }),
      fuzzRuns(400),
    );
  });

  it('ends garbage and mangled bodies with a MultipartError or a reading, never a hang or another error', async () => {
    const garbage = fc.oneof(
      fc.tuple(boundaryArb, fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes))),
      bodyArb.chain((spec) =>
        fc
          .tuple(fc.nat(), fc.nat({ max: 20 }), fc.uint8Array({ maxLength: 20 }))
          .map(([at, cut, insert]): [string, Buffer] => {
            const { body } = serialise(spec);
            const i = at % (body.length + 1);
            return [spec.boundary, Buffer.concat([body.subarray(0, i), Buffer.from(insert), body.subarray(i + cut)])];
          }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(garbage, fc.array(fc.nat(), { maxLength: 20 }), async ([boundary, body], cuts) => {
        const outcome = await split(boundary, chunked(body, cuts));
        if (outcome.ok) expect(outcome.dataBytes).toBeLessThanOrEqual(body.length);
        else expect(outcome.error).toBeInstanceOf(MultipartError);
      }),
      fuzzRuns(400),
    );
  });

  it('refuses endless part headers and delimiter lines without buffering them', async () => {
    await fc.assert(
      fc.asyncProperty(boundaryArb, fc.constantFrom('headers', 'delimiter-line'), fc.integer({ min: 1, max: 64 }), async (boundary, where, chunkKiB) => {
        const head = where === 'headers' ? `--${boundary}\r\nX-Long: ` : `--${boundary}`;
        const filler = Buffer.alloc(chunkKiB * 1024, where === 'headers' ? 'a' : ' ');
        const chunks = [Buffer.from(head, 'latin1'), ...Array.from({ length: Math.ceil((40 * 1024) / filler.length) }, () => filler)];
        const outcome = await split(boundary, chunks);
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.error).toBeInstanceOf(MultipartError);
      }),
      fuzzRuns(50),
    );
  });
});
