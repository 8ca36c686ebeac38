/** "Save as…", "Open…" and "Show in folder" with the system's own dialogs and file manager. */
import { BrowserWindow, dialog, shell } from 'electron';
import type { FileChooser, FileRevealer, SaveDialog } from '../services/ports';

const parentWindow = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];

export function createSaveDialog(): SaveDialog {
  return {
    async chooseSavePath({ title, suggestedName, extensions }) {
      const window = parentWindow();
      const options = { title, defaultPath: suggestedName, filters: [{ name: extensions.join(', ').toUpperCase(), extensions }] };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
  };
}

export function createFileChooser(): FileChooser {
  return {
    async chooseFile({ title, extensions }) {
      const window = parentWindow();
      const options = { title, properties: ['openFile'] as Array<'openFile'>, filters: [{ name: extensions.join(', ').toUpperCase(), extensions }] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}

export function createFileRevealer(): FileRevealer {
  return {
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
  };
}
