import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the generated bridge may touch raw IPC (as GitHub Desktop does).
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name=/^(ipcMain|ipcRenderer)$/]",
          message: 'Use the typed bridge (electron/bridge, electron/preload.ts) instead of raw IPC.',
        },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Import electron only in electron/platform/ and the entry files.' }] },
      ],
    },
  },
  {
    files: ['electron/platform/**', 'electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/platform/ipc-main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/e2e/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
