import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const sweepIntervalMs = 50;

export interface Connections {
  /** From now on, closes every connection that carries no request; requests in flight finish first. */
  closeWhenIdle(): void;
  /** Cuts every connection, requests in flight too. */
  closeAll(): void;
}

/**
 * Follows the server's connections so that a shutdown waits only for requests in flight. Node's own
 * close() leaves open the sockets that browsers open ahead of time and have not sent a request on yet,
 * and those that go idle after it was called: either would hold the process until it is killed.
 */
export function trackConnections(server: Server): Connections {
  const sockets = new Set<Socket>();
  const served = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (request) => served.add(request.socket));
  const sweep = () => {
    server.closeIdleConnections();
    for (const socket of sockets) if (!served.has(socket)) socket.destroy();
  };
  return {
    closeWhenIdle() {
      sweep();
      const timer = setInterval(sweep, sweepIntervalMs);
      timer.unref();
      server.once('close', () => clearInterval(timer));
    },
    closeAll: () => server.closeAllConnections(),
  };
}
