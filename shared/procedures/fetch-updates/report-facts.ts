/**
 * P2-fetch's customer report facts: it runs on the connected computer, away from any appliance,
 * so it names the appliance the key was made for and lists the packages it downloaded.
 */
import { packageLabel } from '../../package-label';
import type { ReportFacts } from '../../report/model';
import type { FetchUpdatesContext } from './context';

export function fetchReportFacts(context: FetchUpdatesContext): ReportFacts {
  const key = context.keyFile;
  const packages = context.plan?.order ?? [];
  return {
    appliances: key ? [{ name: key.applianceHostname, address: key.applianceHostname, role: 'The appliance the download key was made on', serial: key.applianceSerial }] : [],
    versions: [],
    windows: [],
    files: context.downloads.map((download) => {
      const pkg = packages.find((each) => each.id === download.pkgId);
      return {
        kind: 'package' as const,
        label: `Update package ${pkg ? packageLabel(pkg) : download.pkgId}`,
        fileName: '',
        sha256: download.sha256,
        size: download.size,
        at: null,
        vaultId: download.vaultId,
      };
    }),
  };
}
