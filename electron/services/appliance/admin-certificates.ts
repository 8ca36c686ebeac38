/**
 * /appliance > Security > Certificates, driven as a browser does: the list read from the
 * page, Export posted with the row's form (the PKCS#12 file comes back as the answer), Import
 * posted as multipart/form-data (CSRF token first, passphrase, file) and Assign IP.
 */
import { AppError } from '../../../shared/errors';
import { LOGIN_PATH, SessionExpired, type AdminConnection, type Page } from './admin-connection';
import { applianceDownError, appliancePageError } from './errors';
import { findElementById, findElements, textById, textContent, type HtmlForm } from './html';
import { multipartFraming } from './multipart';
import { headerText } from './transport';
import type { AdminSession, ApplianceCertificate, CertificateWarning } from './types';

export const CERTIFICATES_PATH = '/appliance/security/certificates';
const EXPORT_PATH = `${CERTIFICATES_PATH}/export`;
const IMPORT_PATH = `${CERTIFICATES_PATH}/import`;
const ASSIGN_PATH = `${CERTIFICATES_PATH}/assign`;
const PAGE_NAME = 'Security > Certificates';

export type CertificateMethods = 'listCertificates' | 'exportCertificate' | 'importCertificate' | 'assignCertificate';

export function createAdminCertificates(connection: AdminConnection): Pick<AdminSession, CertificateMethods> {
  const { baseUrl, transport, signedIn, getPage, formsOn, request } = connection;

  async function formFor(action: string, certificateId?: string): Promise<HtmlForm> {
    const html = await getPage(CERTIFICATES_PATH, PAGE_NAME);
    const forms = formsOn(html, CERTIFICATES_PATH).filter((f) => f.action === action);
    if (certificateId === undefined) {
      const form = forms[0];
      if (!form) throw appliancePageError(baseUrl, `the ${action.split('/').pop()} form on ${PAGE_NAME}`);
      return form;
    }
    const form = forms.find((f) => f.fields.certificate_id === certificateId);
    if (!form) {
      throw new AppError(
        'NOT_FOUND',
        `The appliance does not list the certificate “${certificateId}” on ${PAGE_NAME}.`,
        'Read the list of certificates again; the certificate may have been removed or replaced.',
        { baseUrl, certificateId },
      );
    }
    return form;
  }

  /** A binary or multipart post made like request(), keeping the session's cookies. */
  async function postRaw(path: string, action: string, body: Buffer | string, contentType: string, binary: boolean) {
    const response = await transport.send({ action }, () =>
      transport.http.post<Buffer | string>(path, body, {
        headers: { ...connection.sessionHeaders(), 'Content-Type': contentType, ...(binary ? { Accept: '*/*' } : {}) },
        ...(binary ? { responseType: 'arraybuffer' as const } : {}),
      }),
    );
    connection.storeCookies(response.headers['set-cookie']);
    const data: unknown = response.data;
    const bytes = Buffer.isBuffer(data) ? data : data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(String(data ?? ''), 'utf8');
    const location = headerText(response, 'location');
    const page: Page = { status: response.status, body: bytes.toString('utf8'), ...(location ? { location: new URL(location, baseUrl).pathname } : {}) };
    if (page.status === 503) throw applianceDownError(baseUrl, page.body);
    if (page.status === 302 && page.location === LOGIN_PATH) throw new SessionExpired();
    return { page, bytes, contentType: headerText(response, 'content-type') ?? '', disposition: headerText(response, 'content-disposition') ?? '' };
  }

  return {
    listCertificates() {
      return signedIn(async () => parseCertificates(await getPage(CERTIFICATES_PATH, PAGE_NAME), baseUrl));
    },

    exportCertificate({ certificateId, passphrase, includeKey = false, includeChain = false, encryption = 'modern' }) {
      return signedIn(async () => {
        const form = await formFor(EXPORT_PATH, certificateId);
        const fields = {
          ...form.fields,
          include_certificate: '1',
          include_private_key: includeKey ? '1' : '0',
          include_chain: includeChain ? '1' : '0',
          passphrase,
          encryption,
        };
        const answer = await postRaw(EXPORT_PATH, 'exporting the certificate', new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', true);
        if (answer.page.status !== 200 || !/pkcs12|octet-stream/i.test(answer.contentType)) {
          const words = textById(answer.page.body, 'certificate-error');
          throw new AppError(
            'CERTIFICATE_EXPORT_REFUSED',
            words
              ? `The appliance refused to export the certificate: “${words}”`
              : `The appliance did not return a certificate file (HTTP ${answer.page.status}).`,
            'Open /appliance > Security > Certificates in a browser, export the certificate there (with a passphrase) and give the assistant the saved file.',
            { baseUrl, status: answer.page.status, ...(words ? { applianceMessage: words } : {}) },
          );
        }
        return { fileName: fileNameOf(answer.disposition) ?? `${certificateId}.p12`, bytes: answer.bytes };
      });
    },

    importCertificate({ fileName, bytes, passphrase }) {
      return signedIn(async () => {
        const form = await formFor(IMPORT_PATH);
        const fileField =
          findElements(form.inner, 'input').find((input) => input.attributes.type?.toLowerCase() === 'file')?.attributes.name ?? '';
        if (!fileField) throw appliancePageError(baseUrl, `the file field of the Import form on ${PAGE_NAME}`);
        const framing = multipartFraming({ ...form.fields, passphrase }, { field: fileField, fileName, size: bytes.length, contentType: 'application/x-pkcs12' });
        const body = Buffer.concat([framing.preamble, bytes, framing.epilogue]);
        const { page } = await postRaw(IMPORT_PATH, `importing ${fileName}`, body, framing.contentType, false);
        const words = textById(page.body, 'certificate-error');
        if (page.status === 200 && !words) {
          const result = findElementById(page.body, 'import-result');
          const certificateId = result?.attributes['data-certificate-id'];
          if (!certificateId) throw appliancePageError(baseUrl, `the import result (“import-result”) on ${PAGE_NAME}`);
          const list = findElementById(page.body, 'import-warnings');
          return { certificateId, warnings: list ? warningsIn(list.inner) : [] };
        }
        if (words && /passphrase/i.test(words)) {
          throw new AppError(
            'CERTIFICATE_PASSPHRASE_WRONG',
            `The appliance could not open ${fileName} with that passphrase: “${words}”`,
            'Type the passphrase the file was exported with (it is case-sensitive), then import it again.',
            { baseUrl, status: page.status, fileName, applianceMessage: words },
          );
        }
        throw new AppError(
          'CERTIFICATE_IMPORT_REFUSED',
          words ? `The appliance refused ${fileName}: “${words}”` : `The appliance refused ${fileName} (HTTP ${page.status}).`,
          'Nothing was imported. Check that the file is a PKCS#12 export with its private key and chain, then import it again.',
          { baseUrl, status: page.status, fileName, ...(words ? { applianceMessage: words } : {}) },
        );
      });
    },

    assignCertificate(certificateId, ip) {
      return signedIn(async () => {
        const form = await formFor(ASSIGN_PATH, certificateId);
        const answer = await request('post', ASSIGN_PATH, 'assigning the certificate', { ...form.fields, ip });
        if (answer.status === 302 && answer.location === LOGIN_PATH) throw new SessionExpired();
        if (answer.status === 302) return;
        const words = textById(answer.body, 'certificate-error');
        throw new AppError(
          'CERTIFICATE_ASSIGN_REFUSED',
          words
            ? `The appliance refused to assign the certificate to ${ip}: “${words}”`
            : `The appliance refused to assign the certificate to ${ip} (HTTP ${answer.status}).`,
          'Check the appliance’s IP address on Networking > IP Configuration, then assign the certificate again.',
          { baseUrl, status: answer.status, certificateId, ip, ...(words ? { applianceMessage: words } : {}) },
        );
      });
    },
  };
}

/** The rows of `#certificates`, from their data attributes. */
export function parseCertificates(html: string, baseUrl = ''): ApplianceCertificate[] {
  const table = findElementById(html, 'certificates');
  if (!table) throw appliancePageError(baseUrl, `the list of certificates (“certificates”) on ${PAGE_NAME}`);
  const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  return findElements(table.inner, 'tr')
    .filter((row) => row.attributes['data-certificate-id'])
    .map((row) => {
      const a = row.attributes;
      const warningList = findElements(row.inner, 'ul').find((ul) => (ul.attributes.class ?? '').split(/\s+/).includes('cert-warnings'));
      return {
        id: a['data-certificate-id'] ?? '',
        subject: a['data-subject'] ?? '',
        subjectAltNames: list(a['data-sans']),
        notAfter: a['data-not-after'] ?? '',
        fingerprint256: a['data-fingerprint'] ?? '',
        assignedIps: list(a['data-assigned-ips']),
        selfSigned: a['data-self-signed'] === '1',
        warnings: warningList ? warningsIn(warningList.inner) : [],
      };
    });
}

function warningsIn(listInner: string): CertificateWarning[] {
  return findElements(listInner, 'li').map((item) => ({ code: item.attributes['data-warning'] ?? '', text: textContent(item.inner) }));
}

/** The filename of `Content-Disposition: attachment; filename="…"`, without any directory. */
function fileNameOf(disposition: string): string | undefined {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]).split(/[\\/]/).pop() : undefined;
  return name && name !== '.' && name !== '..' ? name : undefined;
}
