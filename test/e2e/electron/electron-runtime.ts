/**
 * Finds the Electron runtime without triggering its lazy download (requiring the `electron`
 * package would try to fetch it, which cannot work offline).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function findElectronRuntime(): { path?: string; reason?: string } {
  const packageDir = resolve('node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const candidate = override ? join(override, relative) : join(packageDir, 'dist', relative);
  if (existsSync(candidate)) return { path: candidate };
  return {
    reason:
      `the Electron runtime is not installed (looked for ${candidate}). ` +
      'Run `npx install-electron` (or `npm start` once) on a machine that can download it, then run `npm run test:e2e`.',
  };
}
