/**
 * Every failure that reaches a person carries a code, a plain sentence (what happened)
 * and a hint (what to do next). Nothing else crosses the bridge.
 */
export const ERROR_CODES = [
  'UNREACHABLE',
  'TIMEOUT',
  'TLS_UNTRUSTED',
  'TLS_CHANGED',
  'TLS_INVALID',
  'UNAUTHORISED',
  'PERMISSION_MISSING',
  'NOT_XML',
  'MALFORMED_XML',
  'APPLIANCE_ERROR',
  'APPLIANCE_DOWN',
  'ADMIN_LOGIN_FAILED',
  'PASSWORD_CHANGE_REQUIRED',
  'PASSWORD_CHANGE_REFUSED',
  'EULA_NOT_ACCEPTED',
  'RESTORE_REFUSED',
  'APPLIANCE_OFF',
  'SYNC_RUNNING',
  'SYNC_FAILED',
  'FAILOVER_REFUSED',
  'NOT_IN_RELATIONSHIP',
  'KEYS_DIFFER',
  'JUMP_CLIENT_LIMIT_REFUSED',
  'JUMP_CLIENT_LIMIT_UNVERIFIED',
  'INSTALL_FAILED',
  'BASE_INSTALL_FAILED',
  'REQUIREMENT_MISSING',
  'CHECKSUM_MISMATCH',
  'TRANSFER_INTERRUPTED',
  'UPLOAD_TOO_LARGE',
  'PACKAGE_REJECTED',
  'CERTIFICATE_EXPORT_REFUSED',
  'CERTIFICATE_IMPORT_REFUSED',
  'CERTIFICATE_PASSPHRASE_WRONG',
  'CERTIFICATE_ASSIGN_REFUSED',
  'KEY_REJECTED',
  'CLOCK_SKEW',
  'ALREADY_DOWNLOADED',
  'MEDIA_FULL',
  'MEDIA_REMOVED',
  'MEDIA_READ_ONLY',
  'FILE_TOO_LARGE_FOR_MEDIA',
  'BUNDLE_INVALID',
  'BUNDLE_WRONG_APPLIANCE',
  'VAULT_FILE_MISSING',
  'CERTIFICATE_PASSPHRASE_WRONG',
  'PASSPHRASE_NEEDED',
  'VAULT_IN_USE',
  'CERTIFICATE_PASSPHRASE_WRONG',
  'CERTIFICATE_FILE_INVALID',
  'CERTIFICATE_NO_KEY',
  'CERTIFICATE_NO_CHAIN',
  'CERTIFICATE_KEY_UNPROTECTED',
  'PROCEDURE_ACTIVE',
  'DUPLICATE_APPLIANCE',
  'SETTINGS_UNREADABLE',
  'SITE_UNREADABLE',
  'VAULT_INDEX_REBUILT',
  'VAULT_CLEANED',
  'REPORT_FAILED',
  'SECRETS_NOT_PROTECTED',
  'PASSPHRASE_NEEDED',
  'DISK_ERROR',
  'RULE_NOT_MET',
  'CANCELLED',
  'NOT_FOUND',
  'INVALID_INPUT',
  'FORBIDDEN_SENDER',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  hint: string;
  /** Only for codes the UI acts on (SHARED_DETAIL_CODES), e.g. PROCEDURE_ACTIVE's procedureId. */
  details?: Record<string, unknown>;
}

/** Codes whose details cross the bridge, because the UI offers an action with them; others keep theirs in main. */
export const SHARED_DETAIL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['PROCEDURE_ACTIVE']);

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, hint: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  toJSON(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message, hint: this.hint };
    if (this.details !== undefined && SHARED_DETAIL_CODES.has(this.code)) shape.details = this.details;
    return shape;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns anything thrown into the shape a person reads; unknown errors never leak a stack. */
export function toAppErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toJSON();
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    'message' in error &&
    'hint' in error &&
    (ERROR_CODES as readonly string[]).includes(String((error as { code: unknown }).code))
  ) {
    const e = error as AppErrorShape;
    return { code: e.code, message: String(e.message), hint: String(e.hint) };
  }
  return {
    code: 'INTERNAL',
    message: 'The assistant hit an unexpected problem and stopped this action.',
    hint: 'Nothing was lost. Try the action again; if it repeats, export the journal and contact the project team.',
  };
}
