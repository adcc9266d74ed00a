import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from '../../../server/app';
import { type Database, openPglite } from '../../../server/db/connection';
import { migrate } from '../../../server/db/migrate';
import { type SeededWorkspace, seedWorkspace } from '../../server/support/api';

/** How the server treats the next pushes: `hold-answer` applies one, then sits on its answer. */
export type PushBehaviour = 'normal' | 'hold-answer';

export interface ApiServer {
  /** `http://localhost:<port>`: the browser resolves localhost itself (the fixture rules exclude it). */
  url: string;
  workspace: SeededWorkspace;
  /** The folder the API keeps its data in (the demo keeps its tokens there, as `npm start` does). */
  dataDir: string;
  db: Database;
  /** Stops answering: open connections are cut, new ones refused, as when the API is down. */
  stop(): Promise<void>;
  /** Answers again, on the same port. */
  start(): Promise<void>;
  pushes: { behaviour: PushBehaviour; applied: number; onApplied: (() => void) | null };
  close(): Promise<void>;
}

/**
 * The real API on a loopback port, on a PGlite database in a temporary folder, with a seeded workspace;
 * serving the demo CRM at /demo/ too when asked, as `npm start` does.
 */
export async function startApiServer(options: { demoCrm?: boolean } = {}): Promise<ApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-e2e-api-'));
  const db = await openPglite(dataDir);
  await migrate(db);
  const workspace = await seedWorkspace(db);
  const app = createApp({
    db,
    demoCrm: options.demoCrm,
    settings: { rateLimit: { burst: 10_000, perSecond: 10_000 } },
  });
  const pushes: ApiServer['pushes'] = { behaviour: 'normal', applied: 0, onApplied: null };
  let port = 0;
  let server: Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = createAdaptorServer({
        fetch: async (request: Request) => {
          const response = await app.fetch(request);
          if (new URL(request.url).pathname !== '/v1/sync/push') return response;
          pushes.applied += 1;
          pushes.onApplied?.();
          if (pushes.behaviour === 'hold-answer') await new Promise(() => {});
          return response;
        },
      }) as Server;
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        port = (created.address() as AddressInfo).port;
        server = created;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
      server = undefined;
    });

  await listen();
  return {
    url: `http://localhost:${port}`,
    workspace,
    dataDir,
    db,
    stop,
    start: listen,
    pushes,
    async close() {
      await stop();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
