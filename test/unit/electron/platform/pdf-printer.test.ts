/**
 * The app's PdfPrinter and desk dialogs with a faked `electron`: the report prints in a hidden,
 * sandboxed window with JavaScript off, from the document itself, and the window is destroyed
 * whether the print works or not; a cancelled dialog answers undefined.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; url?: string; destroyed: boolean; printOptions?: unknown }>,
  printFails: false,
  saveAnswer: { canceled: false, filePath: '/home/tech/report.pdf' } as { canceled: boolean; filePath?: string },
  shown: [] as string[],
}));

vi.mock('electron', () => ({
  BrowserWindow: class {
    static getFocusedWindow = () => null;
    static getAllWindows = () => [];
    private record: (typeof fake.windows)[number];
    constructor(options: Record<string, unknown>) {
      this.record = { options, destroyed: false };
      fake.windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    get webContents() {
      return {
        printToPDF: async (options: unknown) => {
          this.record.printOptions = options;
          if (fake.printFails) throw new Error('printing failed');
          return Buffer.from('%PDF-1.7 fake');
        },
      };
    }
    destroy() {
      this.record.destroyed = true;
    }
  },
  dialog: {
    showSaveDialog: async () => fake.saveAnswer,
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  },
  shell: { showItemInFolder: (path: string) => void fake.shown.push(path) },
}));

const { createPdfPrinter } = await import('../../../../electron/platform/pdf-printer');
const { createFileChooser, createFileRevealer, createSaveDialog } = await import('../../../../electron/platform/file-dialogs');

beforeEach(() => {
  fake.windows.length = 0;
  fake.printFails = false;
  fake.shown.length = 0;
});

describe('Electron PDF printer', () => {
  it('prints the document in a hidden sandboxed window with JavaScript off, then destroys it', async () => {
    const html = '<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'"><h1>Report é</h1>';
    const pdf = await createPdfPrinter().print(html);
    expect(pdf.toString()).toContain('%PDF');
    const [window] = fake.windows;
    expect(window?.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    const encoded = window?.url?.replace(/^data:text\/html;charset=utf-8;base64,/, '') ?? '';
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(html);
    expect(window?.printOptions).toMatchObject({ pageSize: 'A4', printBackground: true });
    expect(window?.destroyed).toBe(true);
  });

  it('destroys the window when printing fails, and the failure reaches the caller', async () => {
    fake.printFails = true;
    await expect(createPdfPrinter().print('<p>x</p>')).rejects.toThrow('printing failed');
    expect(fake.windows[0]?.destroyed).toBe(true);
  });
});

describe('desk dialogs', () => {
  it('answers the chosen save path, or undefined when cancelled', async () => {
    const dialog = createSaveDialog();
    expect(await dialog.chooseSavePath({ title: 'Save', suggestedName: 'r.pdf', extensions: ['pdf'] })).toBe('/home/tech/report.pdf');
    fake.saveAnswer = { canceled: true };
    expect(await dialog.chooseSavePath({ title: 'Save', suggestedName: 'r.pdf', extensions: ['pdf'] })).toBeUndefined();
    expect(await createFileChooser().chooseFile({ title: 'Open', extensions: ['json'] })).toBeUndefined();
  });

  it('shows a file in the file manager', async () => {
    await createFileRevealer().showInFolder('/home/tech/report.pdf');
    expect(fake.shown).toEqual(['/home/tech/report.pdf']);
  });
});
