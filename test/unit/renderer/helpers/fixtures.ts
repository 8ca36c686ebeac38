import type { ConnectionReport, Site } from '../../../../shared/domain';
import type { ProcedureSummary, ProcedureView, StepView } from '../../../../shared/procedures/view';
import { siteRecord, type OneApplianceSite } from '../../helpers/site-record';

export const PINNED = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
export const PRESENTED = '11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00';

export function report(overrides: Partial<ConnectionReport> = {}): ConnectionReport {
  return {
    checkedAt: '2026-11-28T10:00:00.000Z',
    apiVersion: '1.21.0',
    permissions: { perm_backup: '1', perm_command: 'full' },
    missingPermissions: [],
    applianceId: 'B300-4411',
    hostname: 'bomgar-a.corp.local',
    version: '23.1.1',
    failoverRole: 'none',
    healthy: true,
    clockOffsetSeconds: 2,
    certificate: {
      fingerprint256: PINNED,
      subject: 'CN=support.example.com',
      issuer: 'CN=support.example.com',
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: '2027-01-01T00:00:00.000Z',
      subjectAltNames: ['support.example.com'],
      selfSigned: true,
    },
    ...overrides,
  };
}

/** A site with one current appliance; overrides name site fields or that appliance's fields. */
export function site(overrides: Partial<OneApplianceSite> = {}): Site {
  return siteRecord({
    id: 's1',
    name: 'Head office support',
    siteHostname: 'support.example.com',
    applianceUrl: 'https://10.0.4.20',
    apiClientId: 'client-1',
    hasApiSecret: true,
    adminUser: 'admin',
    hasAdminPassword: true,
    pinnedFingerprint256: PINNED,
    isPracticeLab: false,
    ...overrides,
  });
}

export function step(overrides: Partial<StepView> & Pick<StepView, 'id'>): StepView {
  return {
    title: `Step ${overrides.id}`,
    kind: 'auto',
    rules: [],
    status: 'pending',
    instruction: 'Instruction text from the step catalogue.',
    facts: [],
    actions: [],
    ...overrides,
  };
}

export function procedureView(overrides: Partial<ProcedureView> = {}): ProcedureView {
  return {
    id: 'p1',
    kind: 'P1',
    title: 'Single appliance, automatic update',
    siteId: 's1',
    siteName: 'Head office support',
    status: 'active',
    startedAt: '2026-11-28T09:00:00.000Z',
    updatedAt: '2026-11-28T09:30:00.000Z',
    currentStepId: 'install',
    steps: [
      step({ id: 'backup', title: 'Download a settings backup', status: 'done', rules: ['R1'] }),
      step({ id: 'cert-health', title: 'Certificate health', kind: 'gate', status: 'skipped', rules: ['R3'] }),
      step({
        id: 'install',
        title: 'Install the updates',
        status: 'active',
        rules: ['R4', 'R13'],
        instruction: 'First paragraph.\n\nSecond paragraph.',
        pagePath: '/appliance > Updates',
        pageUrl: 'https://10.0.4.20/appliance/update',
        actions: [
          { event: 'CONTINUE', label: 'Continue', tone: 'primary' },
          { event: 'RETRY_INSTALL', label: 'Install again', tone: 'secondary', confirm: 'Install the package again?' },
          { event: 'SKIP', label: 'Skip this step', tone: 'danger', needsNote: true },
        ],
      }),
      step({ id: 'report', title: 'Report', status: 'pending' }),
    ],
    ...overrides,
  };
}

export function summary(overrides: Partial<ProcedureSummary> = {}): ProcedureSummary {
  return {
    id: 'p1',
    kind: 'P1',
    title: 'Single appliance, automatic update',
    siteId: 's1',
    siteName: 'Head office support',
    status: 'active',
    startedAt: '2026-11-28T09:00:00.000Z',
    updatedAt: '2026-11-28T09:30:00.000Z',
    currentStepId: 'install',
    currentStepTitle: 'Install the updates',
    ...overrides,
  };
}
