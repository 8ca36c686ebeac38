/**
 * P2: a package that travelled as a file is installed by uploading its vault copy. The copy
 * is hashed again right before the upload, so a file that rotted or vanished on this disk is
 * named here instead of being refused by the appliance as "damaged".
 */
import { AppError } from '../../../shared/errors';
import type { FilePackageRef } from '../../../shared/procedures/actors';
import type { Vault } from '../vault';
import type { PackageUpload } from './install-package';

/** The upload of a package's vault copy; a package without one was never imported and cannot be uploaded. */
export function vaultUpload(vault: Vault, pkg: FilePackageRef): PackageUpload {
  const { vaultId, sha256 } = pkg;
  if (vaultId === undefined) {
    throw new AppError('INVALID_INPUT', `${pkg.name} ${pkg.version} has no copy in the vault to upload.`, 'Import the transfer bundle again (step “Import”), then install.', {
      packageId: pkg.id,
    });
  }
  return {
    fileName: pkg.name,
    async prepare(signal) {
      const entry = await vault.verify(vaultId, signal);
      if (entry.state === 'missing') {
        throw new AppError('VAULT_FILE_MISSING', `The vault copy of ${pkg.name} is not on this computer's disk any more.`, 'Import the transfer bundle again (step “Import”), then install.', {
          vaultId,
        });
      }
      if (entry.state !== 'ok' || entry.sha256 !== sha256.toLowerCase() || entry.size !== pkg.size) {
        throw new AppError(
          'CHECKSUM_MISMATCH',
          `The vault copy of ${pkg.name} is not the package the update server built (its SHA-256 or size differs).`,
          'Nothing was uploaded. Import the transfer bundle again, then install.',
          { vaultId, expected: sha256, found: entry.sha256 },
        );
      }
      return vault.filePath(vaultId);
    },
  };
}
