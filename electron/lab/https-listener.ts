/**
 * An HTTPS server whose raw TCP side the lab owns: a plain net.Server accepts each connection
 * and either hands it to the TLS server or holds it unanswered (the `stop-answering` fault).
 * Every socket is tracked so close() ends promptly, hung connections included.
 */
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentedPem, type LabCertificate } from './certificates';
import { BodyTooLargeError } from './http-kit';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export class HttpsListener {
  private readonly tcp: Server;
  private readonly https: HttpsServer;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<Socket>();
  /** Connections past the TLS handshake; `busy` ones have a request being answered. */
  private readonly secured = new Set<Socket>();
  private readonly busy = new Set<Socket>();
  private readonly closeAfterAnswer = new Set<Socket>();

  constructor(
    certificate: LabCertificate,
    handler: RequestHandler,
    private readonly shouldHold: () => boolean = () => false,
  ) {
    const options = {
      key: certificate.keyPem,
      cert: presentedPem(certificate),
      // Node's default five-minute limit on receiving a request would cut a large package
      // upload over a slow link; real appliances take as long as the upload needs.
      requestTimeout: 0,
    };
    this.https = createHttpsServer(options, (req, res) => {
      const { socket } = req;
      this.busy.add(socket);
      res.once('close', () => {
        this.busy.delete(socket);
        if (this.closeAfterAnswer.delete(socket)) socket.destroy();
      });
      handler(req, res).catch((error: unknown) => failRequest(res, error));
    });
    this.https.on('secureConnection', (socket: Socket) => {
      this.secured.add(socket);
      socket.once('close', () => this.secured.delete(socket));
    });
    this.tcp = createNetServer((socket) => this.accept(socket));
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', reject);
        resolve();
      });
    });
    return (this.tcp.address() as AddressInfo).port;
  }

  /**
   * Serves `certificate` to new connections and drops open ones so clients see it at once; a
   * connection whose request is being answered (the form post that made the change) closes
   * after that answer.
   */
  setCertificate(certificate: LabCertificate): void {
    this.https.setSecureContext({ key: certificate.keyPem, cert: presentedPem(certificate) });
    for (const socket of [...this.secured]) {
      if (this.busy.has(socket)) this.closeAfterAnswer.add(socket);
      else socket.destroy();
    }
  }

  /** Keeps this request's connection open without ever answering. */
  hold(req: IncomingMessage): void {
    this.held.add(req.socket);
    req.socket.once('close', () => this.held.delete(req.socket));
  }

  /** Ends every connection held unanswered, as a restarted service would. */
  releaseHeld(): void {
    this.destroySockets(this.held);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    this.destroySockets(this.sockets);
    this.destroySockets(this.held);
    await closed;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // A client resetting the connection must not crash the lab.
    socket.on('error', () => socket.destroy());
    if (this.shouldHold()) {
      this.held.add(socket);
      socket.once('close', () => this.held.delete(socket));
      return;
    }
    this.https.emit('connection', socket);
  }

  private destroySockets(sockets: Set<Socket>): void {
    for (const socket of [...sockets]) socket.destroy();
    sockets.clear();
  }
}

function failRequest(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  res.writeHead(error instanceof BodyTooLargeError ? 413 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`Lab error: ${message}\n`);
}
