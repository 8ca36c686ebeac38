/**
 * The desk ports where there is no Electron: "Save as…" answers a path in a configured folder
 * (or what the test says), "Open…" answers what the test says, "Show in folder" is recorded, and
 * reports print to PDF through the system Chromium's page.pdf (launched on first use, one page
 * per print, JavaScript off, the document's own CSP in force).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { FileChooser, FileRevealer, PdfPrinter, SaveDialog } from '../../electron/services/ports';

export const CHROMIUM_PATH = process.env.AUA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface DeskPortOptions {
  /** Where "Save as…" saves (the suggested name in this folder) unless `savePath` answers. */
  saveDir: string;
  /** Answers "Save as…" itself: a path, or undefined for "cancelled". */
  savePath?: (suggestedName: string) => string | undefined;
  /** Answers "Open…": a path, or undefined for "cancelled". */
  pickFile?: () => string | undefined;
}

export interface DeskPorts {
  saveDialog: SaveDialog;
  fileChooser: FileChooser;
  revealer: FileRevealer;
  pdf: PdfPrinter & { close(): Promise<void> };
  /** Paths "Show in folder" was asked to show. */
  revealed: string[];
}

export function createChromiumPdfPrinter(): PdfPrinter & { close(): Promise<void> } {
  let browser: Promise<Browser> | undefined;
  const launch = () => (browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }));
  return {
    async print(html) {
      const context = await (await launch()).newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } });
      } finally {
        await context.close();
      }
    },
    async close() {
      const running = browser;
      browser = undefined;
      if (running) await (await running).close().catch(() => undefined);
    },
  };
}

export function createDeskPorts(options: DeskPortOptions): DeskPorts {
  const revealed: string[] = [];
  return {
    saveDialog: {
      async chooseSavePath({ suggestedName }) {
        if (options.savePath) return options.savePath(suggestedName);
        mkdirSync(options.saveDir, { recursive: true, mode: 0o700 });
        return join(options.saveDir, suggestedName);
      },
    },
    fileChooser: { chooseFile: async () => options.pickFile?.() },
    revealer: { showInFolder: async (path) => void revealed.push(path) },
    pdf: createChromiumPdfPrinter(),
    revealed,
  };
}
