/**
 * The actors of a hardware migration (P5) that set up the new appliance: find it in factory
 * state, change its factory password, import and assign the old appliance's certificate, accept
 * its licence, restore the old appliance's backup and verify it. Each one checks the appliance
 * before it changes anything, so a resumed procedure never repeats a change blindly. Secrets
 * come from the in-memory ProcedureSecrets only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fromPromise } from 'xstate';
import type { ActorBaseInput } from '../../../shared/procedures/actors';
import type * as M from '../../../shared/procedures/hardware-migration/actors';
import { HARDWARE_MIGRATION_SECRET_SLOTS } from '../../../shared/procedures/hardware-migration/actors';
import { applianceOf } from '../../../shared/sites';
import { AppError, isAppError } from '../../../shared/errors';
import { probeCertificate } from '../appliance';
import type { AdminSession, ApplianceEndpoint } from '../appliance/types';
import type { ProcedureActorDeps } from './actors';
import { throwIfCancelled } from './cancel';
import { pollUntil } from './poll';

export const FACTORY_ADMIN = { user: 'admin', password: 'password' } as const;

const PASSWORD_SLOT = HARDWARE_MIGRATION_SECRET_SLOTS.SET_PASSWORD;
const PASSPHRASE_SLOT = HARDWARE_MIGRATION_SECRET_SLOTS.GIVE_PASSPHRASE;

export type MigrationDeps = ProcedureActorDeps & { siteAppliances: NonNullable<ProcedureActorDeps['siteAppliances']> };

/** The site's appliance with that role, with its endpoint (secrets included). */
export async function applianceEndpoint(deps: Pick<ProcedureActorDeps, 'sites'>, input: ActorBaseInput, role: 'current' | 'new') {
  const site = await deps.sites.get(input.siteId);
  const appliance = applianceOf(site, role);
  if (!appliance) {
    throw new AppError(
      'NOT_FOUND',
      role === 'new' ? `${site.name} has no new appliance yet.` : `${site.name} has no current appliance.`,
      role === 'new' ? 'Go back to the first step and give the new appliance’s address.' : 'Edit the site and enter its appliance.',
    );
  }
  return { site, appliance, endpoint: await deps.sites.endpoint(input.siteId, appliance.id) };
}

function adminOf(deps: ProcedureActorDeps, endpoint: ApplianceEndpoint, user?: string, password?: string): AdminSession {
  return deps.clientFactory({ ...endpoint, ...(user !== undefined ? { adminUser: user, adminPassword: password } : {}) }).admin;
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  return isAppError(error) && codes.includes(error.code);
}

async function facts(admin: AdminSession): Promise<M.NewApplianceFacts & { siteHostname: string }> {
  const [basics, ip] = [await admin.statusBasics(), await admin.ipConfiguration()];
  const virtual = /virtual/i.test(basics.model);
  return {
    model: virtual ? 'virtual' : 'physical',
    modelName: basics.model,
    serial: basics.serial,
    hostname: basics.hostname,
    ip: ip.ipAddress,
    siteVersion: basics.siteVersion,
    baseVersion: basics.baseVersion,
    siteHostname: basics.siteHostname,
  };
}

export function createMigrationActors(deps: ProcedureActorDeps) {
  const isoNow = () => new Date(deps.clock.now()).toISOString();
  const registry = () => {
    if (!deps.siteAppliances) throw new AppError('INTERNAL', 'This build cannot change a site’s appliances.', 'Report this to the developers.');
    return deps.siteAppliances;
  };

  return {
    checkNewAppliance: fromPromise<M.CheckNewApplianceOutput, M.CheckNewApplianceInput>(async ({ input, signal }) => {
      const url = input.url.replace(/\/+$/, '');
      const presented = await probeCertificate(url);
      throwIfCancelled(signal);
      const endpoint: ApplianceEndpoint = { baseUrl: url, pinnedFingerprint256: presented.fingerprint256, apiClientId: '', apiClientSecret: '' };
      let factory = false;
      let message: string;
      try {
        await adminOf(deps, endpoint, FACTORY_ADMIN.user, FACTORY_ADMIN.password).statusBasics();
        message = 'The factory password signs in and the appliance asks for no new password: it has been set up before. A migration starts from an appliance in factory state.';
      } catch (error) {
        if (hasCode(error, 'PASSWORD_CHANGE_REQUIRED')) {
          factory = true;
          message = 'The appliance accepts the factory sign-in and demands a new password: it is in factory state.';
        } else if (hasCode(error, 'ADMIN_LOGIN_FAILED')) {
          message = 'The appliance refuses the factory sign-in (admin / password): someone has set it up already. Reset it to factory defaults on its console, or check the address.';
        } else {
          throw error;
        }
      }
      return {
        url,
        certificate: { fingerprint256: presented.fingerprint256, selfSigned: presented.selfSigned, subject: presented.subject },
        factory,
        message,
        checkedAt: isoNow(),
      };
    }),

    addNewAppliance: fromPromise<M.AddNewApplianceOutput, M.AddNewApplianceInput>(async ({ input }) => {
      const url = input.url.replace(/\/+$/, '');
      const site = await deps.sites.get(input.siteId);
      const sites = registry();
      let applianceId = site.appliances.find((a) => a.applianceUrl === url && a.retiredAt === undefined)?.id;
      if (!applianceId) {
        const saved = await sites.addAppliance(input.siteId, {
          role: 'new',
          label: `New appliance (${new URL(url).host})`,
          applianceUrl: url,
          adminUser: FACTORY_ADMIN.user,
          adminPassword: FACTORY_ADMIN.password,
        });
        applianceId = saved.appliance.id;
      }
      await sites.trustCertificate(input.siteId, input.fingerprint256, applianceId);
      return { applianceId, addedAt: isoNow() };
    }),

    changeFactoryPassword: fromPromise<M.ChangeFactoryPasswordOutput, M.ChangeFactoryPasswordInput>(async ({ input, signal }) => {
      const next = deps.secrets.require(input.procedureId, PASSWORD_SLOT, 'the new admin password');
      const { appliance, endpoint } = await applianceEndpoint(deps, input, 'new');
      try {
        await adminOf(deps, endpoint, FACTORY_ADMIN.user, FACTORY_ADMIN.password).changePassword(FACTORY_ADMIN.password, next);
      } catch (error) {
        // Changed already (a resumed step): the factory sign-in fails and the new password works.
        if (!hasCode(error, 'ADMIN_LOGIN_FAILED')) throw error;
        await adminOf(deps, endpoint, FACTORY_ADMIN.user, next).statusBasics();
      }
      throwIfCancelled(signal);
      await registry().updateAppliance(input.siteId, appliance.id, { adminUser: FACTORY_ADMIN.user, adminPassword: next });
      deps.secrets.drop(input.procedureId, PASSWORD_SLOT);
      const { siteHostname: _ignored, ...newFacts } = await facts(adminOf(deps, endpoint, FACTORY_ADMIN.user, next));
      return { changedAt: isoNow(), facts: newFacts };
    }),

    checkOldAppliance: fromPromise<M.CheckOldApplianceOutput, M.CheckOldApplianceInput>(async ({ input }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'current');
      return { ...(await facts(adminOf(deps, endpoint))), checkedAt: isoNow() };
    }),

    importCertificate: fromPromise<M.ImportCertificateOutput, M.ImportCertificateInput>(async ({ input, signal }) => {
      const passphrase = deps.secrets.require(input.procedureId, PASSPHRASE_SLOT, 'the passphrase of the certificate file');
      const { endpoint } = await applianceEndpoint(deps, input, 'new');
      const admin = adminOf(deps, endpoint);
      const held = (await admin.listCertificates()).find((c) => c.fingerprint256 === input.fingerprint256);
      if (held) return { certificateId: held.id, warnings: held.warnings, importedAt: isoNow() };
      const bytes = await vaultBytes(deps, input.vaultId, input.sha256, signal);
      const imported = await admin.importCertificate({ fileName: input.fileName, bytes, passphrase });
      return { certificateId: imported.certificateId, warnings: imported.warnings, importedAt: isoNow() };
    }),

    readCertificateWarnings: fromPromise<M.ReadCertificateWarningsOutput, M.ReadCertificateWarningsInput>(async ({ input }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'new');
      const held = (await adminOf(deps, endpoint).listCertificates()).find((c) => c.id === input.certificateId);
      if (!held) {
        throw new AppError('NOT_FOUND', 'The new appliance no longer lists the imported certificate.', 'Open its certificates page; if the certificate is gone, go back and import it again.');
      }
      return { warnings: held.warnings, readAt: isoNow() };
    }),

    assignCertificate: fromPromise<M.AssignCertificateOutput, M.AssignCertificateInput>(async ({ input, signal }) => {
      const { appliance, endpoint } = await applianceEndpoint(deps, input, 'new');
      const before = await probeCertificate(endpoint.baseUrl);
      // Assigned already (a resumed step): posting again would only drop the connections once more.
      if (before.fingerprint256 !== input.expectFingerprint256) await adminOf(deps, endpoint).assignCertificate(input.certificateId, input.ip);
      throwIfCancelled(signal);
      const presented = await probeCertificate(endpoint.baseUrl);
      // Expected, and proven by the file in the vault: no trust prompt. Anything else pins nothing.
      if (presented.fingerprint256 === input.expectFingerprint256) {
        await registry().trustCertificate(input.siteId, presented.fingerprint256, appliance.id);
      }
      return { presentedFingerprint256: presented.fingerprint256, presentedSubject: presented.subject, assignedAt: isoNow() };
    }),

    readEula: fromPromise<M.ReadEulaOutput, M.ReadEulaInput>(async ({ input }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'new');
      const eula = await adminOf(deps, endpoint).eula();
      return { accepted: eula.accepted, text: eula.text, sha256: createHash('sha256').update(eula.text).digest('hex'), readAt: isoNow() };
    }),

    acceptEula: fromPromise<M.AcceptEulaOutput, M.AcceptEulaInput>(async ({ input }) => {
      const { endpoint } = await applianceEndpoint(deps, input, 'new');
      const admin = adminOf(deps, endpoint);
      if (!(await admin.eula()).accepted) await admin.acceptEula();
      return { acceptedAt: isoNow() };
    }),

    checkRestore: fromPromise<M.CheckRestoreOutput, M.CheckRestoreInput>(async ({ input }) => {
      return { state: await restoreState(deps, input), checkedAt: isoNow() };
    }),

    restoreBackup: fromPromise<M.RestoreBackupOutput, M.RestoreBackupInput>(async ({ input, signal }) => {
      if ((await restoreState(deps, input)) !== 'not-restored') return { uploadedAt: isoNow(), bytes: 0 };
      const entry = await deps.vault.verify(input.backup.vaultId, signal);
      if (entry.state !== 'ok' || entry.sha256 !== input.backup.sha256) {
        throw new AppError('VAULT_FILE_MISSING', `The backup ${input.backup.fileName} in the vault is ${entry.state === 'ok' ? 'another file' : entry.state}.`, 'Go back to the backup step and take a fresh backup of the old appliance.');
      }
      const { endpoint } = await applianceEndpoint(deps, input, 'new');
      await adminOf(deps, endpoint).restoreBackup(deps.vault.filePath(entry.id), { fileName: entry.fileName, signal });
      return { uploadedAt: isoNow(), bytes: entry.size };
    }),

    verifyRestore: fromPromise<M.VerifyRestoreOutput, M.VerifyRestoreInput>(async ({ input, signal }) => {
      const old = await applianceEndpoint(deps, input, 'current');
      const fresh = await applianceEndpoint(deps, input, 'new');
      // The restore brought the old appliance's users and API accounts: from now on its credentials are the new one's.
      const restored: ApplianceEndpoint = { ...old.endpoint, baseUrl: fresh.endpoint.baseUrl, pinnedFingerprint256: fresh.endpoint.pinnedFingerprint256 };
      const clients = deps.clientFactory(restored);
      const basics = await pollUntil(deps, signal, async () => {
        try {
          const read = await clients.admin.statusBasics();
          return read.status === 'running' ? read : undefined;
        } catch (error) {
          if (hasCode(error, 'APPLIANCE_DOWN', 'UNREACHABLE', 'TIMEOUT', 'ADMIN_LOGIN_FAILED')) return undefined;
          throw error;
        }
      }, 'the new appliance to finish restoring the settings');
      const health = await clients.api.checkHealth();
      if (basics.siteHostname !== input.siteHostname || health.version !== input.siteVersion) {
        throw new AppError(
          'RESTORE_REFUSED',
          `After the restore the new appliance reports site ${basics.siteHostname || '(none)'} at version ${health.version}; expected ${input.siteHostname} at ${input.siteVersion}.`,
          'Open the new appliance’s Software Management page to read what it restored, then retry the restore with the backup of the old appliance.',
        );
      }
      await registry().updateAppliance(input.siteId, fresh.appliance.id, {
        apiClientId: old.endpoint.apiClientId,
        apiClientSecret: old.endpoint.apiClientSecret,
        ...(old.endpoint.adminUser ? { adminUser: old.endpoint.adminUser } : {}),
        ...(old.endpoint.adminPassword ? { adminPassword: old.endpoint.adminPassword } : {}),
      });
      return { apiAnswered: true, siteHostname: basics.siteHostname, siteVersion: health.version, verifiedAt: isoNow() };
    }),
  };
}

/** What the new appliance is now: restoring, restored (it names the site), or without the site's settings. */
async function restoreState(deps: ProcedureActorDeps, input: M.CheckRestoreInput): Promise<M.CheckRestoreOutput['state']> {
  const old = await applianceEndpoint(deps, input, 'current');
  const fresh = await applianceEndpoint(deps, input, 'new');
  for (const credentials of [fresh.endpoint, old.endpoint]) {
    try {
      const basics = await adminOf(deps, { ...fresh.endpoint, adminUser: credentials.adminUser, adminPassword: credentials.adminPassword }).statusBasics();
      if (basics.status === 'restoring') return 'restoring';
      return basics.siteHostname === input.siteHostname ? 'restored' : 'not-restored';
    } catch (error) {
      if (hasCode(error, 'APPLIANCE_DOWN')) return 'restoring';
      // The new appliance's own password no longer works once the old one's users were restored.
      if (!hasCode(error, 'ADMIN_LOGIN_FAILED')) throw error;
    }
  }
  throw new AppError('ADMIN_LOGIN_FAILED', 'Neither the new appliance’s admin password nor the old appliance’s signs in to the new appliance.', 'Sign in on the new appliance’s console to see which password it takes, then update the site’s new appliance in the assistant.');
}

/** A vault file's bytes, checked against the digest the procedure recorded. */
async function vaultBytes(deps: ProcedureActorDeps, vaultId: string, sha256: string, signal: AbortSignal): Promise<Buffer> {
  const entry = await deps.vault.verify(vaultId, signal);
  if (entry.state !== 'ok') {
    throw new AppError('VAULT_FILE_MISSING', `The certificate file ${entry.fileName} in the vault is ${entry.state}.`, 'Go back to the export step and export the certificate again.');
  }
  const bytes = await readFile(deps.vault.filePath(vaultId));
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new AppError('CHECKSUM_MISMATCH', `The certificate file ${entry.fileName} differs from the one exported.`, 'Go back to the export step and export the certificate again.');
  }
  return bytes;
}
