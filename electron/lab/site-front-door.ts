/**
 * The site address: a plain TCP forwarder on its own port that sends each new connection to
 * the appliance the lab's network sends it to at that moment (lab-network.ts). TLS runs end to end, so a client
 * sees that appliance's own certificate. An appliance that is off refuses, so the client's
 * connection is closed; one that stops answering leaves it hanging, as the real network would.
 * Connections already open stay with the appliance they reached (as a cached DNS answer would).
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const LOOPBACK = '127.0.0.1';

/** The port of the appliance to forward to now, or null when there is none to reach. */
export type FrontDoorRoute = () => number | null;

export class SiteFrontDoor {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly route: FrontDoorRoute) {
    this.server = createServer((client) => this.forward(client));
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, LOOPBACK, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of [...this.sockets]) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private forward(client: Socket): void {
    this.track(client);
    const port = this.route();
    if (port === null) {
      client.destroy();
      return;
    }
    const upstream = connect({ port, host: LOOPBACK });
    this.track(upstream);
    // Either side ending or failing ends the other: a refused appliance closes the client.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once('close', end);
    upstream.once('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}
