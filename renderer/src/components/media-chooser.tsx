import { useEffect, useId, useRef, useState } from 'react';
import { asAppError, call } from '../api';
import type { RemovableDriveView } from '../../../shared/domain';
import type { AppErrorShape } from '../../../shared/errors';
import { formatBytes, formatFilesystem, isFatFilesystem } from '../format';
import { DRIVE_POLL_MS, useDrives } from '../hooks/use-drives';
import { ErrorPanel } from './error-panel';
import './media-chooser.css';

interface Props {
  /** What the media is for, as the step's input label says it (the group's legend). */
  label: string;
  /** Title of the system folder dialog. */
  purpose: string;
  /** The chosen drive's mount path or folder path; undefined while nothing is chosen. */
  value: string | undefined;
  onChange: (path: string | undefined) => void;
  disabled?: boolean;
  /** The form asked for a choice and there is none: the group is outlined; `errorId` says why. */
  invalid?: boolean;
  /** The operator event this choice is for (tests and the e2e flows find the chooser by it). */
  event?: string;
  errorId?: string;
  pollMs?: number;
}

type Notice = { tone: 'warn' | 'info'; text: string };

/** True when `path` is the mount path itself or a folder on that drive. */
function isOnDrive(path: string, mountPath: string): boolean {
  if (path === mountPath) return true;
  const base = mountPath.replace(/[\\/]+$/, '');
  return path.startsWith(`${base}/`) || path.startsWith(`${base}\\`);
}

/**
 * Removable media as the operator sees it at the desk: every drive main lists now (kept
 * live while this is on screen), with the file system and free space that decide whether a
 * bundle fits, plus any folder through the system dialog for media the lister cannot see.
 * A drive that disappears was pulled: if it was the choice, the choice is cleared and the
 * operator is told, so nothing is ever written to or read from a path that is gone.
 */
export function MediaChooser({ label, purpose, value, onChange, disabled, invalid, event, errorId, pollMs = DRIVE_POLL_MS }: Props) {
  const { drives, error } = useDrives(pollMs);
  const name = useId();
  const legendId = useId();
  // A choice kept from before a remount may be a folder; it shows as one unless it is a listed drive.
  const [folder, setFolder] = useState<string | undefined>(value);
  const [choosing, setChoosing] = useState(false);
  const [folderError, setFolderError] = useState<AppErrorShape | undefined>(undefined);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);

  // Read inside the effect below, which must run on a new drive list only, not on every choice.
  const latest = useRef({ value, folder, onChange });
  latest.current = { value, folder, onChange };
  const previous = useRef<RemovableDriveView[] | undefined>(undefined);

  useEffect(() => {
    if (!drives) return;
    const before = previous.current;
    previous.current = drives;
    if (!before) return;
    const gone = before.filter((d) => !drives.some((now) => now.mountPath === d.mountPath));
    if (gone.length === 0) return;
    const { value: chosen, folder: chosenFolder, onChange: change } = latest.current;
    const pulledChoice = chosen === undefined ? undefined : gone.find((d) => isOnDrive(chosen, d.mountPath));
    if (pulledChoice) {
      if (chosenFolder !== undefined && isOnDrive(chosenFolder, pulledChoice.mountPath)) setFolder(undefined);
      change(undefined);
      setNotice({
        tone: 'warn',
        text: `“${pulledChoice.label}” (${pulledChoice.mountPath}) was removed, so it is no longer chosen. Insert it again and choose it, or choose another drive or folder.`,
      });
      return;
    }
    const names = gone.map((d) => `“${d.label}”`).join(', ');
    setNotice({ tone: 'info', text: `${names} ${gone.length === 1 ? 'was' : 'were'} removed.` });
  }, [drives]);

  const select = (path: string) => {
    setNotice(undefined);
    onChange(path);
  };

  const chooseFolder = async () => {
    setChoosing(true);
    setFolderError(undefined);
    try {
      const { path } = await call('media.chooseFolder', { purpose: purpose.slice(0, 200) });
      // Undefined: the operator closed the dialog; the earlier choice stands.
      if (path === undefined) return;
      if (!drives?.some((d) => d.mountPath === path)) setFolder(path);
      select(path);
    } catch (e) {
      setFolderError(asAppError(e));
    } finally {
      setChoosing(false);
    }
  };

  const chosenDrive = value === undefined ? undefined : drives?.find((d) => d.mountPath === value);
  // Until the first list arrives nobody knows whether the kept choice is a drive or a folder.
  const showFolder = folder !== undefined && drives !== undefined && !drives.some((d) => d.mountPath === folder);

  return (
    <div className="media-chooser" data-testid="media-chooser" data-event={event}>
      <fieldset
        className={`media-chooser__group${invalid ? ' media-chooser__group--invalid' : ''}`}
        disabled={disabled}
        aria-labelledby={legendId}
        aria-describedby={errorId}
      >
        <legend id={legendId} className="field__label media-chooser__legend">
          {label}
        </legend>

        {drives === undefined && !error && (
          <p className="status-line media-chooser__looking">
            <span className="spinner" aria-hidden="true" />
            Looking for removable drives…
          </p>
        )}

        {drives !== undefined && drives.length === 0 && !showFolder && (
          <div className="media-chooser__empty" data-testid="media-empty">
            <strong>Insert a USB drive, or choose a folder.</strong>
            <span className="muted">The list updates by itself when a drive is plugged in.</span>
          </div>
        )}

        {((drives !== undefined && drives.length > 0) || showFolder) && (
          <div className="media-chooser__options">
            {drives?.map((drive) => (
              <DriveOption
                key={drive.id}
                drive={drive}
                name={name}
                checked={value === drive.mountPath}
                onSelect={() => select(drive.mountPath)}
              />
            ))}
            {showFolder && (
              <label className={`media-option${value === folder ? ' media-option--checked' : ''}`} data-testid="media-folder">
                <input
                  type="radio"
                  className="media-option__radio"
                  name={name}
                  value={folder}
                  checked={value === folder}
                  onChange={() => select(folder)}
                />
                <span className="media-option__body">
                  <span className="media-option__top">
                    <span className="media-option__label">Chosen folder</span>
                  </span>
                  <span className="media-option__path mono" title={folder}>
                    {folder}
                  </span>
                </span>
              </label>
            )}
          </div>
        )}

        <div className="media-chooser__more">
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="media-choose-folder"
            disabled={choosing}
            onClick={() => void chooseFolder()}
          >
            {choosing ? 'Waiting for the folder dialog…' : 'Choose another folder…'}
          </button>
          <span className="muted media-chooser__more-hint">For a network share or a drive not listed here.</span>
        </div>
      </fieldset>

      {/* One live region: the choice and what happened to it are announced without moving focus. */}
      <div className="media-chooser__status" aria-live="polite">
        {notice && (
          <p className={`media-chooser__notice media-chooser__notice--${notice.tone}`} data-testid="media-notice" data-tone={notice.tone}>
            {notice.text}
          </p>
        )}
        {value !== undefined && (
          <p className="media-chooser__selected" data-testid="media-selected" data-path={value}>
            <span className="muted">Chosen:</span>{' '}
            {chosenDrive ? (
              <>
                <strong>{chosenDrive.label}</strong> <span className="mono">{chosenDrive.mountPath}</span>
              </>
            ) : (
              <>
                folder <span className="mono">{value}</span>
              </>
            )}
          </p>
        )}
      </div>

      {error && <ErrorPanel error={error} title="The removable drives could not be listed" />}
      {folderError && <ErrorPanel error={folderError} title="The folder could not be chosen" />}
    </div>
  );
}

function DriveOption({ drive, name, checked, onSelect }: { drive: RemovableDriveView; name: string; checked: boolean; onSelect: () => void }) {
  const fat = isFatFilesystem(drive.filesystem);
  return (
    <label
      className={`media-option${checked ? ' media-option--checked' : ''}`}
      data-testid="media-drive"
      data-mount-path={drive.mountPath}
      data-filesystem={drive.filesystem}
    >
      <input
        type="radio"
        className="media-option__radio"
        name={name}
        value={drive.mountPath}
        checked={checked}
        onChange={onSelect}
      />
      <span className="media-option__body">
        <span className="media-option__top">
          <span className="media-option__label">{drive.label}</span>
          <span className="tag media-option__fs">{formatFilesystem(drive.filesystem)}</span>
        </span>
        <span className="media-option__path mono" title={drive.mountPath}>
          {drive.mountPath}
        </span>
        <span className="media-option__space">
          {formatBytes(drive.freeBytes)} free of {formatBytes(drive.sizeBytes)}
        </span>
        {fat && (
          <span className="media-option__note">
            FAT32 holds files up to 4 GiB: larger packages are written in parts.
          </span>
        )}
      </span>
    </label>
  );
}
