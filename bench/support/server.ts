import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the app on a free loopback port, as `npm start` would (without its demo CRM). */
export function startServer(app: Hono): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((closed) => {
            (server as Server).closeAllConnections();
            server.close(() => closed());
          }),
      });
    });
  });
}
