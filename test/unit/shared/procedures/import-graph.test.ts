/**
 * The house stays acyclic: no file under shared/ reaches itself through its imports (type
 * imports included, as `madge --circular` counts them), so a machine never imports its view
 * and a phase never imports the procedure that places it. Files under shared/procedures/ stay
 * under 400 lines.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHARED = resolve(__dirname, '../../../../shared');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a file, resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g)].map((match) => match[1] as string);
  return specifiers.map((specifier) => {
    const base = resolve(dirname(file), specifier);
    for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not this one.
      }
    }
    throw new Error(`${relative(SHARED, file)} imports ${specifier}, which is no file`);
  });
}

/** Every import circle, each as the chain of files that closes it. */
function circles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'closed'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SHARED, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'closed');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('shared/: the import graph', () => {
  const files = tsFiles(SHARED);

  it('has no circle, type imports included', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(circles(files)).toEqual([]);
  });

  it('finds a circle where there is one, type imports included (the check itself works)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aua-imports-'));
    try {
      writeFileSync(join(dir, 'machine.ts'), "import type { View } from './view';\nexport type Machine = View;\n");
      writeFileSync(join(dir, 'view.ts'), "import { type Machine } from './machine';\nexport type View = Machine;\n");
      writeFileSync(join(dir, 'procedure.ts'), "import './machine';\nimport './view';\n");
      expect(circles([join(dir, 'procedure.ts'), join(dir, 'machine.ts'), join(dir, 'view.ts')]).map((chain) => chain.length)).toEqual([3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('joins each machine and its view only in the procedure file', () => {
    for (const procedure of ['single-automatic', 'manual-offline', 'fetch-updates', 'hardware-migration']) {
      const machine = join(SHARED, `procedures/${procedure}/machine.ts`);
      const view = join(SHARED, `procedures/${procedure}/view.ts`);
      expect(importsOf(machine)).not.toContain(view);
      expect(importsOf(join(SHARED, `procedures/${procedure}/procedure.ts`))).toEqual(expect.arrayContaining([machine, view]));
    }
  });

  it('keeps every file of the procedures and their shared phases under 400 lines', () => {
    const long = files
      .filter((file) => relative(SHARED, file).startsWith('procedures/'))
      .map((file) => [relative(SHARED, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines >= 400);
    expect(long).toEqual([]);
  });
});
