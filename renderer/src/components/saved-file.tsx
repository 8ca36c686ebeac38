import { useState } from 'react';
import type { AppErrorShape } from '../../../shared/errors';
import type { SavedCopy } from '../../../shared/journal-proof';
import { formatBytes } from '../../../shared/sizes';
import { asAppError, call } from '../api';
import { Digest } from './digest';
import { ErrorPanel } from './error-panel';
import './saved-file.css';

/** "Show in folder" for a file the assistant saved or keeps in its vault, with the reason when it cannot. */
export function ShowInFolderButton({ path }: { path: string }) {
  const [error, setError] = useState<AppErrorShape | undefined>(undefined);
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="show-in-folder"
        onClick={() => {
          setError(undefined);
          call('files.showInFolder', { path }).catch((e: unknown) => setError(asAppError(e)));
        }}
      >
        Show in folder
      </button>
      {error && <ErrorPanel error={error} title="The folder could not be shown" />}
    </>
  );
}

/** Where a file was saved, its size and the SHA-256 read back from the saved file, and "Show in folder". */
export function SavedFile({ saved, what }: { saved: SavedCopy; what: string }) {
  return (
    <div className="saved-file" role="status" data-testid="saved-file" data-path={saved.path}>
      <p className="saved-file__where">
        <strong>{what} saved</strong> to <span className="mono saved-file__path">{saved.path}</span> ({formatBytes(saved.size)})
      </p>
      <p className="saved-file__proof">
        <span className="saved-file__label">SHA-256 of the saved file</span> <Digest value={saved.sha256} label={`SHA-256 of ${saved.fileName}`} />
      </p>
      <ShowInFolderButton path={saved.path} />
    </div>
  );
}
