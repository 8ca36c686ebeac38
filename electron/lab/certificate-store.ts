/**
 * The certificates one lab appliance holds (Security > Certificates) and which one is assigned
 * to its IP address: that one, with the chain it came with, is what its TLS listener presents.
 * Every change that alters what is presented calls `onChange`, so the listener switches and
 * drops open connections. The `certificate` fault re-issues the assigned certificate with a flaw.
 */
import { X509Certificate } from 'node:crypto';
import { flawedCertificate, type CertificateFlaw } from './pki-fixtures';
import {
  commonNameOf,
  isSelfSigned,
  newKeyPem,
  selfSignedCertificate,
  subjectAltNames,
  type CertificateBundle,
  type LabPki,
  type LeafOptions,
} from './pki';

export type CertificateSource = 'factory' | 'issued' | 'imported';

export interface StoredCertificate extends CertificateBundle {
  id: string;
  source: CertificateSource;
  /** The key an export carries when it is not keyPem (the `mismatched-key` fault). */
  exportKeyPem?: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1'];
const DAY_MS = 24 * 3600 * 1000;

interface ActiveFlaw {
  flaw: CertificateFlaw;
  certificateId: string;
  variant: StoredCertificate;
}

/** The leaf a configured appliance has on its own: its hostname, the site's and the loopback names. */
export function ownLeaf(pki: LabPki, appliance: { hostname: string; siteHostname: string }): CertificateBundle {
  return pki.leaf(appliance.hostname, {
    commonName: appliance.hostname,
    names: [appliance.hostname, appliance.siteHostname, ...LOOPBACK_NAMES],
  });
}

export class CertificateStore {
  /** Called after every change to what the appliance presents. */
  onChange: (() => void) | null = null;
  private certificates: StoredCertificate[] = [];
  /** IP address → certificate id. */
  private readonly assignments = new Map<string, string>();
  private flaw: ActiveFlaw | null = null;
  private nextId = 1;

  private constructor(
    readonly hostname: string,
    readonly ip: string,
    private readonly pki: LabPki | null,
  ) {}

  /** Factory state: only a fresh self-signed certificate (CN and SAN its hostname, plus the loopback names). */
  static factory(hostname: string, ip: string, pki?: LabPki): CertificateStore {
    const store = new CertificateStore(hostname, ip, pki ?? null);
    store.installFactoryCertificate();
    return store;
  }

  /**
   * A configured appliance: the PKI's leaf for it (kept across lab resets), assigned to its IP.
   * `shared`: the leaf kept under that label, naming those hostnames (a failover pair's one leaf).
   */
  static issued(
    pki: LabPki,
    appliance: { hostname: string; ip: string; siteHostname: string; shared?: { label: string; names: string[] } },
  ): CertificateStore {
    const store = new CertificateStore(appliance.hostname, appliance.ip, pki);
    const leaf = appliance.shared
      ? pki.leaf(appliance.shared.label, {
          commonName: appliance.siteHostname,
          names: [...appliance.shared.names, appliance.siteHostname, ...LOOPBACK_NAMES],
        })
      : ownLeaf(pki, appliance);
    const entry = store.add(leaf, 'issued');
    store.assignments.set(appliance.ip, entry.id);
    return store;
  }

  /** Every certificate held, as it is now (a flawed re-issue in place of the original). */
  list(): StoredCertificate[] {
    return this.certificates.map((entry) => this.current(entry));
  }

  find(id: string): StoredCertificate | undefined {
    const entry = this.certificates.find((candidate) => candidate.id === id);
    return entry && this.current(entry);
  }

  assignedIps(id: string): string[] {
    return [...this.assignments].filter(([, assigned]) => assigned === id).map(([ip]) => ip);
  }

  /** What the TLS listener presents: the certificate assigned to this appliance's IP. */
  served(): StoredCertificate {
    const id = this.assignments.get(this.ip);
    const entry = (id !== undefined ? this.find(id) : undefined) ?? this.list()[0];
    if (!entry) throw new Error(`Appliance ${this.hostname} holds no certificate.`);
    return entry;
  }

  /** Adds a certificate; one already held (same fingerprint) takes the new key and chain and keeps its id. */
  add(bundle: CertificateBundle, source: CertificateSource): StoredCertificate {
    const existing = this.certificates.find((entry) => entry.fingerprint256 === bundle.fingerprint256);
    if (existing) {
      existing.keyPem = bundle.keyPem;
      existing.chainPems = [...bundle.chainPems];
      if (this.assignments.get(this.ip) === existing.id) this.changed();
      return existing;
    }
    const entry: StoredCertificate = { ...bundle, chainPems: [...bundle.chainPems], id: `cert-${this.nextId++}`, source };
    this.certificates.push(entry);
    return entry;
  }

  /** Assigns a held certificate to `ip` (callers check that ip is this appliance's). */
  assign(id: string, ip: string): void {
    if (!this.find(id)) throw new Error(`No certificate ${id}.`);
    const before = this.served().fingerprint256;
    this.assignments.set(ip, id);
    if (this.served().fingerprint256 !== before) this.changed();
  }

  /** The private key an export of `id` carries. */
  exportKeyPem(id: string): string | undefined {
    const entry = this.find(id);
    return entry?.exportKeyPem ?? entry?.keyPem;
  }

  /** Back to factory state: everything removed, a fresh self-signed certificate assigned to the IP. */
  resetToFactory(): void {
    this.certificates = [];
    this.assignments.clear();
    this.flaw = null;
    this.installFactoryCertificate();
    this.changed();
  }

  /** The `certificate` fault: the assigned certificate re-issued with `flaw`; null restores the original. */
  setFlaw(flaw: CertificateFlaw | null): void {
    const before = this.served().fingerprint256;
    if (flaw === null) {
      this.flaw = null;
    } else {
      const id = this.assignments.get(this.ip) ?? this.certificates[0]?.id;
      const original = this.certificates.find((entry) => entry.id === id);
      if (!original) return;
      this.flaw = { flaw, certificateId: original.id, variant: { ...this.reissue(original, flaw), id: original.id, source: original.source } };
    }
    if (this.served().fingerprint256 !== before) this.changed();
  }

  snapshot() {
    return {
      served: this.served().fingerprint256,
      certificates: this.list().map((entry) => ({
        id: entry.id,
        subject: commonNameOf(entry.certPem),
        source: entry.source,
        fingerprint256: entry.fingerprint256,
        notAfter: new Date(new X509Certificate(entry.certPem).validTo).toISOString(),
        assignedIps: this.assignedIps(entry.id),
      })),
      ...(this.flaw ? { flaw: this.flaw.flaw } : {}),
    };
  }

  private current(entry: StoredCertificate): StoredCertificate {
    return this.flaw?.certificateId === entry.id ? this.flaw.variant : entry;
  }

  private installFactoryCertificate(): void {
    const certificate = selfSignedCertificate({ commonName: this.hostname, names: [this.hostname, ...LOOPBACK_NAMES] });
    const entry = this.add(certificate, 'factory');
    this.assignments.set(this.ip, entry.id);
  }

  private reissue(original: StoredCertificate, flaw: CertificateFlaw): CertificateBundle & { exportKeyPem?: string } {
    if (flaw === 'mismatched-key') return { ...original, exportKeyPem: newKeyPem() };
    const options: LeafOptions = { commonName: commonNameOf(original.certPem), names: subjectAltNames(original.certPem) };
    if (this.pki && !isSelfSigned(original.certPem)) return flawedCertificate(this.pki, flaw, options);
    // A self-signed certificate has no chain to break; the other flaws are made self-signed too.
    const now = Date.now();
    switch (flaw) {
      case 'expired':
        return selfSignedCertificate({ ...options, notBefore: new Date(now - 375 * DAY_MS), notAfter: new Date(now - 10 * DAY_MS) });
      case 'expiring':
        return selfSignedCertificate({ ...options, notBefore: new Date(now - 345 * DAY_MS), notAfter: new Date(now + 20 * DAY_MS) });
      case 'wrong-san':
        return selfSignedCertificate({ ...options, names: ['other-site.lab.example', ...LOOPBACK_NAMES] });
      case 'incomplete-chain':
        return selfSignedCertificate(options);
    }
  }

  private changed(): void {
    this.onChange?.();
  }
}
