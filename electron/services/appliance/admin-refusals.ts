/** What the appliance's refusals of an update form mean, in the codes and words a person acts on. */
import { AppError } from '../../../shared/errors';
import type { Page } from './admin-connection';
import { applianceDownError } from './errors';
import { findElementById, textById } from './html';
import type { PostedAnswer } from './upload';
import { formatBytes } from '../../../shared/sizes';

/** A refusal because the licence agreement (still shown on the page) is not accepted. */
function eulaNotAccepted(baseUrl: string, answer: Pick<Page, 'status' | 'body'>, message: string | undefined): AppError | undefined {
  if (answer.status !== 409 || !findElementById(answer.body, 'eula')) return undefined;
  return new AppError(
    'EULA_NOT_ACCEPTED',
    `The appliance installs nothing until its End User License Agreement is accepted.${message ? ` It says: “${message}”` : ''}`,
    'Show the agreement to the person responsible, have them accept it (/appliance > Updates), then start the install again.',
    { baseUrl, status: answer.status, ...(message ? { applianceMessage: message } : {}) },
  );
}

export function updateRefused(baseUrl: string, answer: Pick<Page, 'status' | 'body'>, action: string): AppError {
  const message = textById(answer.body, 'update-error');
  const eula = eulaNotAccepted(baseUrl, answer, message);
  if (eula) return eula;
  if (answer.status === 409 && message) {
    return new AppError(
      'REQUIREMENT_MISSING',
      `The appliance refused the update: “${message}”`,
      'Install what the appliance names first (Base Software before the site package), then try this one again.',
      { baseUrl, applianceMessage: message },
    );
  }
  return new AppError(
    'APPLIANCE_ERROR',
    message
      ? `The appliance refused ${action}: “${message}”`
      : `The appliance answered HTTP ${answer.status} while ${action}.`,
    'Open /appliance > Updates in a browser to see what the appliance says, then try again.',
    { baseUrl, status: answer.status, ...(message ? { applianceMessage: message } : {}) },
  );
}

export function manualInstallRefused(baseUrl: string, answer: PostedAnswer, fileName: string): AppError {
  const message = textById(answer.body, 'update-error');
  const quoted = message ? ` The appliance says: “${message}”` : '';
  const details = { baseUrl, status: answer.status, fileName, size: answer.size, ...(message ? { applianceMessage: message } : {}) };
  switch (answer.status) {
    case 503:
      return applianceDownError(baseUrl, answer.body);
    case 413: {
      const limit = message ? readByteCount(message) : undefined;
      const limitText = limit !== undefined ? ` (its limit is ${formatBytes(limit)})` : '';
      return new AppError(
        'UPLOAD_TOO_LARGE',
        `The appliance refused ${fileName} (${formatBytes(answer.size)}) because it is larger than it accepts${limitText}.${quoted}`,
        'Nothing was installed. Check that this is the right package for this appliance (compare its name and size with the update server’s listing); if it is, contact BeyondTrust support about the upload limit.',
        { ...details, ...(limit !== undefined ? { limit } : {}) },
      );
    }
    case 422:
      return new AppError(
        'PACKAGE_REJECTED',
        `The appliance refused the package ${fileName}.${quoted || ' It did not say why.'}`,
        'Nothing was installed. The file is either for another appliance or damaged: download the package again with a download key generated on this appliance, then upload that file.',
        details,
      );
    case 409:
      return eulaNotAccepted(baseUrl, answer, message) ?? new AppError(
        'REQUIREMENT_MISSING',
        `The appliance refused ${fileName} because something it needs is not installed yet.${quoted}`,
        'Install what the appliance names first (Base Software before the site package), then upload this package again.',
        details,
      );
    default:
      return updateRefused(baseUrl, { status: answer.status, body: answer.body }, `the package ${fileName}`);
  }
}

/** A byte count in an appliance message: "4294967296 bytes", "4 GiB", "10 MiB". */
function readByteCount(message: string): number | undefined {
  const match = /(\d+(?:\.\d+)?)\s*(bytes?|B|KiB|MiB|GiB|KB|MB|GB)\b/i.exec(message.replace(/(\d),(?=\d{3})/g, '$1'));
  if (!match) return undefined;
  const units: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const scale = units[(match[2] ?? '').charAt(0).toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * scale);
}
