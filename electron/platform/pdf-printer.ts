/**
 * Customer reports to PDF with Electron's own printer: a hidden, sandboxed window with
 * JavaScript off loads the self-contained report document (which carries its own CSP) and
 * prints it. One window per print, destroyed afterwards.
 */
import { BrowserWindow } from 'electron';
import type { PdfPrinter } from '../services/ports';

export function createPdfPrinter(): PdfPrinter {
  return {
    async print(html) {
      const window = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
      });
      try {
        await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
        return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, margins: { top: 0.6, bottom: 0.6, left: 0.55, right: 0.55 } });
      } finally {
        window.destroy();
      }
    },
  };
}
