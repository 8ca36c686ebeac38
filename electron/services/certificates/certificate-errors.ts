/**
 * The ways a certificate file can fail to open, each with what a technician does next. No
 * message or detail ever carries the passphrase or any key material.
 */
import { formatBytes } from '../../../shared/sizes';
import { AppError } from '../../../shared/errors';

export const CERTIFICATE_FILE_MAX_BYTES = 1024 * 1024;

const EXPORT_PAGE = '/appliance > Security > Certificates';

export function passphraseWrong(): AppError {
  return new AppError(
    'CERTIFICATE_PASSPHRASE_WRONG',
    'The passphrase does not open this certificate file.',
    `Type the passphrase exactly as it was given when the file was exported (it is case-sensitive). If nobody knows it, export the certificate again on ${EXPORT_PAGE} with a new passphrase.`,
  );
}

export function fileInvalid(why: string): AppError {
  return new AppError(
    'CERTIFICATE_FILE_INVALID',
    `This is not a usable certificate file: ${why}`,
    `Choose the .p12 or .pfx file exported on ${EXPORT_PAGE}. If it was copied from another computer, copy it again: the file may be cut short.`,
  );
}

export function fileTooLarge(size: number): AppError {
  return fileInvalid(`it is ${formatBytes(size)}, while a PKCS#12 certificate file is a few kilobytes (at most ${formatBytes(CERTIFICATE_FILE_MAX_BYTES)} is accepted).`);
}

export function noKey(subject: string | undefined): AppError {
  const what = subject ? `the certificate for ${subject}` : 'certificates';
  return new AppError(
    'CERTIFICATE_NO_KEY',
    `The file holds ${what} but no private key, so a new or upgraded appliance could not serve it.`,
    `Export again on ${EXPORT_PAGE} with "Include private key" ticked.`,
  );
}

export function noChain(subject: string | undefined): AppError {
  const message = subject
    ? `The file holds the certificate for ${subject} but none of the certificates that issued it (no chain).`
    : 'The file holds a private key but no certificate at all.';
  return new AppError('CERTIFICATE_NO_CHAIN', message, `Export again on ${EXPORT_PAGE} with the certificate and "Include chain" ticked.`);
}

export function keyUnprotected(): AppError {
  return new AppError(
    'CERTIFICATE_KEY_UNPROTECTED',
    'The private key in this file is not protected by a passphrase, so it is not kept.',
    `Export again on ${EXPORT_PAGE} with a passphrase; the vault keeps private keys only in passphrase-protected files.`,
  );
}
