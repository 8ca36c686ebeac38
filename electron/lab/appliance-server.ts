/**
 * The HTTPS endpoint of one simulated appliance: public API and admin pages on one port,
 * with the connection-level faults (stop answering, rotated certificate) and the "updating"
 * page every request gets while an install runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminInterfaceOf, handleAdmin } from './admin-pages';
import { updatingPage } from './admin-views';
import { handleApi, isApiPath } from './api-routes';
import { generateCertificate, type LabCertificate } from './certificates';
import { ownLeaf } from './certificate-store';
import type { FaultName, Faults } from './faults';
import { redirect, sendHtml } from './http-kit';
import { HttpsListener } from './https-listener';
import type { LabModel } from './lab-model';
import { busyPage } from './migration-views';
import type { ApplianceRequest, PowerSwitch, UpdateServerLink } from './request-context';

/** Real time between the "Shutting down" page and the closed listener. */
const SHUTDOWN_DELAY_MS = 300;

export class ApplianceServer {
  private readonly listener: HttpsListener;
  private current: LabCertificate;
  /** Set by the `rotate-certificate` fault: served instead of the appliance's assigned certificate. */
  private rotated: LabCertificate | null = null;
  private readonly onCertificateChange = (id: string) => {
    if (id === this.applianceId) this.refreshCertificate();
  };
  private listeningPort: number | null = null;
  private listening = false;
  private shutdownTimer: NodeJS.Timeout | null = null;
  private readonly power: PowerSwitch = {
    shutDown: () => {
      this.clearShutdown();
      this.shutdownTimer = setTimeout(() => void this.powerOff(), SHUTDOWN_DELAY_MS);
      this.shutdownTimer.unref();
    },
  };

  constructor(
    readonly applianceId: string,
    private readonly model: LabModel,
    private readonly hostnames: readonly string[],
    private readonly updateServer: UpdateServerLink,
  ) {
    this.current = this.wanted();
    this.listener = new HttpsListener(
      this.current,
      (req, res) => this.handle(req, res),
      () => this.model.appliance(applianceId)?.faults['stop-answering'] === true,
    );
    model.certificateChanges.on('change', this.onCertificateChange);
  }

  get certificate(): LabCertificate {
    return this.current;
  }

  async listen(port: number): Promise<number> {
    this.listeningPort = await this.listener.listen(port);
    this.listening = true;
    return this.listeningPort;
  }

  /** The port it listens on (also while off: the port it will come back on). */
  get port(): number | null {
    return this.listeningPort;
  }

  get isOn(): boolean {
    return this.listening;
  }

  /** Shut Down: the listener closes and open connections end, so connections are refused. */
  async powerOff(): Promise<void> {
    this.clearShutdown();
    const appliance = this.model.appliance(this.applianceId);
    if (appliance) appliance.status = 'off';
    if (!this.listening) return;
    this.listening = false;
    await this.listener.close();
  }

  /** Power on (lab only): listens on the same port again, in the state it was shut down in. */
  async powerOn(): Promise<void> {
    this.clearShutdown();
    const appliance = this.model.appliance(this.applianceId);
    if (appliance?.status === 'off') {
      appliance.status = 'running';
      appliance.settle();
    }
    if (this.listening || this.listeningPort === null) return;
    await this.listener.listen(this.listeningPort);
    this.listening = true;
  }

  /** Applies the connection-level side of a fault change; `justSet` names the fault just set, if any. */
  faultsChanged(before: Faults, after: Faults, justSet?: FaultName): void {
    if (justSet === 'rotate-certificate' && after['rotate-certificate'] === true) {
      // Every time the fault is set, a certificate nobody has pinned yet.
      this.rotated = generateCertificate(this.hostnames, `${this.applianceId} rotated`);
      this.refreshCertificate();
    } else if (before['rotate-certificate'] === true && after['rotate-certificate'] !== true) {
      this.rotated = null;
      this.refreshCertificate();
    }
    if (before['b-certificate'] !== after['b-certificate']) this.refreshCertificate();
    if (before.certificate !== after.certificate) {
      // The store calls back (certificateChanges) when what it presents changes.
      this.model.appliance(this.applianceId)?.certificates.setFlaw(after.certificate ?? null);
    }
    if (before['stop-answering'] === true && after['stop-answering'] !== true) this.listener.releaseHeld();
  }

  close(): Promise<void> {
    this.clearShutdown();
    this.listening = false;
    this.model.certificateChanges.off('change', this.onCertificateChange);
    return this.listener.close();
  }

  private clearShutdown(): void {
    if (this.shutdownTimer) clearTimeout(this.shutdownTimer);
    this.shutdownTimer = null;
  }

  /** Presents what the appliance should present now, dropping open connections if that changed. */
  refreshCertificate(): void {
    const wanted = this.wanted();
    if (wanted.fingerprint256 === this.current.fingerprint256 && wanted.chainPems?.join('') === this.current.chainPems?.join('')) {
      return;
    }
    this.current = wanted;
    this.listener.setCertificate(wanted);
  }

  private wanted(): LabCertificate {
    if (this.rotated) return this.rotated;
    const appliance = this.model.appliance(this.applianceId);
    if (appliance?.faults['b-certificate']) {
      return ownLeaf(this.model.pki, { hostname: appliance.hostname, siteHostname: this.model.scenario.siteHostname });
    }
    const store = appliance?.certificates;
    if (store) return store.served();
    // A scenario without this appliance (after a reset): keep presenting what it had.
    if (this.current) return this.current;
    throw new Error(`No appliance ${this.applianceId} in the lab model.`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const appliance = this.model.appliance(this.applianceId);
    if (!appliance) {
      res.writeHead(503).end();
      return;
    }
    // Fault set while a keep-alive connection was already open: hang this request too.
    if (appliance.faults['stop-answering']) {
      this.listener.hold(req);
      return;
    }
    appliance.settle();
    if (appliance.status === 'installing') {
      return sendHtml(res, 503, updatingPage(appliance), { 'Retry-After': '15' });
    }
    if (appliance.status === 'restoring' || appliance.status === 'resetting') {
      return sendHtml(res, 503, busyPage(appliance), { 'Retry-After': '15' });
    }
    const url = new URL(req.url ?? '/', 'https://appliance.invalid');
    const ctx: ApplianceRequest = {
      req,
      res,
      url,
      appliance,
      model: this.model,
      updateServer: this.updateServer,
      power: this.power,
    };
    if (isApiPath(url.pathname)) return handleApi(ctx);
    const iface = adminInterfaceOf(url.pathname);
    if (iface) return handleAdmin(ctx, iface);
    if (url.pathname === '/') return redirect(res, '/appliance/status');
    sendHtml(res, 404, '<!DOCTYPE html><title>Not Found</title><h1>Not Found</h1>');
  }
}
