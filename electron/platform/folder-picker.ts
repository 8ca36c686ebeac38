/** The operator chooses a folder as media with the system's own dialog. */
import { BrowserWindow, dialog } from 'electron';
import type { FolderPicker } from '../services/ports';

export function createDialogFolderPicker(): FolderPicker {
  return {
    async chooseFolder(purpose) {
      const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = { title: purpose, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
