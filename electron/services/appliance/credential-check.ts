/**
 * Whether the stored credentials still open the appliance: the API (OAuth + get_api_info) and
 * the /appliance admin interface (sign-in, then Status > Basics). Each answer is a line a
 * person reads, never a thrown error, so one failing does not hide the other.
 */
import { toAppErrorShape } from '../../../shared/errors';
import type { AdminSession, ApiInfo, ApplianceApi, StatusBasics } from './types';

export interface CredentialLine {
  ok: boolean;
  message: string;
  /** The error code when it failed. */
  code?: string;
}

export async function checkApiSignIn(api: Pick<ApplianceApi, 'getApiInfo'>): Promise<CredentialLine & { info?: ApiInfo }> {
  try {
    const info = await api.getApiInfo();
    return { ok: true, message: `Signed in to the API (version ${info.apiVersion}).`, info };
  } catch (error) {
    return failedLine(error);
  }
}

export async function checkAdminSignIn(admin: Pick<AdminSession, 'statusBasics'>, adminUser: string | undefined): Promise<CredentialLine & { basics?: StatusBasics }> {
  try {
    const basics = await admin.statusBasics();
    return { ok: true, message: `Signed in to /appliance as ${adminUser ?? 'the administrator'} and read Status > Basics of ${basics.hostname}.`, basics };
  } catch (error) {
    return failedLine(error);
  }
}

export function failedLine(error: unknown): CredentialLine {
  const shape = toAppErrorShape(error);
  return { ok: false, code: shape.code, message: `${shape.message} ${shape.hint}` };
}
