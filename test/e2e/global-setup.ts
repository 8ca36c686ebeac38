/**
 * Builds the app once before the end-to-end suites: the browser suite serves out/renderer
 * through the harness, the Electron suite launches out/main.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
}
