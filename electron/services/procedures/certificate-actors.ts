/**
 * R2: `exportCertificate` — the certificate with its private key and chain, exported through the
 * same form post as the appliance's Export button (or taken from a file the operator saved),
 * inspected in memory with the passphrase typed into the step, then kept in the vault exactly as
 * received (still passphrase protected) and held by the procedure.
 */
import { basename } from 'node:path';
import { fromPromise } from 'xstate';
import { CERTIFICATE_PASSPHRASE_SLOT, type CertificateFileRecord, type ExportCertificateInput } from '../../../shared/procedures/actors';
import { AppError, isAppError } from '../../../shared/errors';
import { applianceOf } from '../../../shared/sites';
import { probeCertificate } from '../appliance';
import { CERTIFICATE_FILE_MAX_BYTES, storeCertificateFile } from '../certificates';
import { FileTooLargeError, NotAPlainFileError, readSmallFile } from '../fs/direct-read';
import type { ProcedureActorDeps } from './actors';
import { throwIfCancelled } from './cancel';

export function createCertificateActors(deps: ProcedureActorDeps) {
  return {
    exportCertificate: fromPromise<CertificateFileRecord, ExportCertificateInput>(async ({ input, signal }) => {
      const passphrase = deps.secrets.require(input.procedureId, CERTIFICATE_PASSPHRASE_SLOT, 'the passphrase of the certificate file');
      const site = await deps.sites.get(input.siteId);
      const appliance = applianceOf(site, input.appliance === 'new' ? 'new' : (input.appliance ?? 'current'));
      if (!appliance) throw new AppError('NOT_FOUND', `${site.name} has no such appliance.`, 'Edit the site and check its appliances.');
      const endpoint = await deps.sites.endpoint(input.siteId, appliance.id);
      const { admin } = deps.clientFactory(endpoint);
      const basics = await admin.statusBasics();
      throwIfCancelled(signal);

      let file: { fileName: string; bytes: Buffer };
      if (input.source.kind === 'export') {
        // The certificate users meet: the one the appliance presents now.
        const presented = await probeCertificate(endpoint.baseUrl);
        const held = await admin.listCertificates();
        const chosen = held.find((c) => c.fingerprint256 === presented.fingerprint256) ?? held.find((c) => c.assignedIps.length > 0);
        if (!chosen) {
          throw new AppError(
            'CERTIFICATE_EXPORT_REFUSED',
            'The appliance lists no certificate bound to an IP address, so there is nothing to export.',
            'Open /appliance > Security > Certificates to see which certificate the site uses; export it there and give the assistant the file.',
          );
        }
        file = await admin.exportCertificate({ certificateId: chosen.id, passphrase, includeKey: true, includeChain: true, encryption: 'modern' });
      } else {
        file = await readOperatorFile(input.source.path, signal);
      }
      throwIfCancelled(signal);

      const now = deps.clock.now();
      const stored = await storeCertificateFile(deps.vault, {
        bytes: file.bytes,
        fileName: file.fileName,
        siteId: site.id,
        siteName: site.name,
        appliance: basics.hostname,
        version: basics.siteVersion,
        passphrase,
        expect: { siteHostname: site.siteHostname, applianceHostname: basics.hostname, now },
      });
      await deps.vault.hold(stored.entry.id, input.procedureId);
      const { inspection, entry } = stored;
      return {
        vaultId: entry.id,
        fileName: entry.fileName,
        sha256: entry.sha256,
        size: entry.size,
        source: input.source.kind,
        subject: inspection.subject,
        subjectAltNames: inspection.subjectAltNames,
        notAfter: inspection.notAfter,
        fingerprint256: inspection.fingerprint256,
        encryption: inspection.encryption,
        chainComplete: inspection.chainComplete,
        keyMatches: inspection.keyMatches,
        keyBits: inspection.keyBits,
        findings: inspection.findings,
        checkedAt: new Date(now).toISOString(),
      };
    }),
  };
}

/** A certificate file the operator exported and saved themselves: a plain, small file. */
async function readOperatorFile(path: string, signal: AbortSignal): Promise<{ fileName: string; bytes: Buffer }> {
  try {
    const read = await readSmallFile(path, CERTIFICATE_FILE_MAX_BYTES, { direct: false, signal });
    return { fileName: basename(path), bytes: read.bytes };
  } catch (error) {
    if (isAppError(error)) throw error;
    if (error instanceof FileTooLargeError) {
      throw new AppError('CERTIFICATE_FILE_INVALID', `${basename(path)} is ${error.size} bytes: far larger than a certificate file.`, 'Choose the .p12 or .pfx file the Export button saved.');
    }
    if (error instanceof NotAPlainFileError) {
      throw new AppError('CERTIFICATE_FILE_INVALID', `${path} is ${error.what}, not a certificate file.`, 'Choose the .p12 or .pfx file the Export button saved.');
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `There is no file at ${path}.`, 'Check the path (copy it from the file manager) and try again.');
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('CERTIFICATE_FILE_INVALID', `The assistant may not read ${path}.`, 'Copy the file somewhere your user can read, such as Documents, and give that path.');
    throw error;
  }
}
