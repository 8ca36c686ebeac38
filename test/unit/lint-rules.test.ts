/** The house rules that lint enforces actually fire (a rule that never fires protects nothing). */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? 'parse');
}

describe('lint house rules', () => {
  it('bans raw ipcMain / ipcRenderer outside the bridge wrappers', async () => {
    expect(await ruleIds("import { ipcMain } from 'electron';\nvoid ipcMain;\n", 'electron/platform/window.ts')).toContain('no-restricted-syntax');
    expect(await ruleIds("import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n", 'electron/platform/ipc-main.ts')).not.toContain('no-restricted-syntax');
  });

  it('bans importing electron outside electron/platform and the entry files', async () => {
    expect(await ruleIds("import { app } from 'electron';\nvoid app;\n", 'electron/services/vault/vault.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { app } from 'electron';\nvoid app;\n", 'renderer/src/app.tsx')).toContain('no-restricted-imports');
    expect(await ruleIds("import { app } from 'electron';\nvoid app;\n", 'electron/main.ts')).not.toContain('no-restricted-imports');
  });
});
