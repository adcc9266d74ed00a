import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Packet } from '../../lib/handoff/packet';
import { PullResponse } from '../../lib/sync/protocol';
import { type Database, openPglite, openPostgres } from '../../server/db/connection';
import { migrate } from '../../server/db/migrate';
import { type SeededWorkspace, seedWorkspace } from './support/api';
import { dropTestPostgres, postgresAvailable } from './support/databases';
import { addItem, type Change, create, newId, opportunity, setField } from './support/handoffs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const startTimeoutMs = 90_000;

interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
}

/** Starts the real API process, as `npm start` or a deployment would, and waits until it listens. */
function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BATON_DEMO: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve({ url: listening[1], process: child, output: () => output });
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

function killHard(server: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.process.exitCode !== null || server.process.signalCode !== null) return resolve();
    server.process.once('exit', () => resolve());
    server.process.kill('SIGKILL');
  });
}

async function call(server: RunningServer, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Pushes one acknowledged batch after another, then a few that are still in flight when the process is
 * killed with SIGKILL; after a restart, every acknowledged change is there, and every batch is all or nothing.
 */
async function survivesSigkill(env: Record<string, string>, ws: SeededWorkspace): Promise<void> {
  const clientId = `durable-${randomBytes(6).toString('hex')}`;
  const packetId = newId();
  let nextId = 1;
  const batch = (changes: Change[]) => ({
    clientId,
    mutations: changes.map((change) => ({ id: nextId++, createdAt: new Date().toISOString(), ...change })),
  });
  const acknowledged: string[] = [];

  let server = await startServer(env);
  try {
    const first = await call(
      server,
      'POST',
      '/v1/sync/push',
      ws.tokens.rep,
      batch([create(packetId, opportunity())]),
    );
    expect(first.body).toEqual({ lastMutationId: 1, rejections: [] });
    for (let index = 0; index < 25; index++) {
      const itemId = `risk-${index}`;
      const response = await call(
        server,
        'POST',
        '/v1/sync/push',
        ws.tokens.rep,
        batch([
          addItem(packetId, 'risks', itemId, {
            text: `Risk ${index} raised in the deal review`,
            severity: 'high',
          }),
          setField(packetId, 'scope.seats', 100 + index, index === 0 ? null : `${clientId}/${nextId - 1}`),
        ]),
      );
      expect(response.status).toBe(200);
      expect(response.body.rejections).toEqual([]);
      acknowledged.push(itemId);
    }
    const lastAcknowledged = nextId - 1;
    // Other people's pushes still in flight when the process dies: each lands whole or not at all.
    const inFlight = Array.from({ length: 6 }, () => ({
      clientId: `inflight-${randomBytes(6).toString('hex')}`,
      packetId: newId(),
    }));
    const requests = inFlight.map(({ clientId: otherClient, packetId: otherPacket }) =>
      call(server, 'POST', '/v1/sync/push', ws.tokens.salesManager, {
        clientId: otherClient,
        mutations: [
          {
            id: 1,
            name: 'createPacket',
            args: create(otherPacket, opportunity()).args,
            createdAt: new Date().toISOString(),
          },
          {
            id: 2,
            name: 'setField',
            args: setField(otherPacket, 'customer.name', 'Half-written Ltd').args,
            createdAt: new Date().toISOString(),
          },
        ],
      }).catch(() => null),
    );
    await killHard(server);
    await Promise.all(requests);

    server = await startServer(env);
    const pulled = await call(server, 'GET', `/v1/sync/pull?clientId=${clientId}&cursor=0`, ws.tokens.rep);
    const packet = await call(server, 'GET', `/v1/packets/${packetId}`, ws.tokens.rep);

    expect(pulled.status).toBe(200);
    expect(PullResponse.parse(pulled.body).lastMutationId).toBe(lastAcknowledged);
    expect(packet.status).toBe(200);
    const stored = packet.body as Packet;
    expect(stored.lists.risks?.map((item) => item.id)).toEqual(acknowledged);
    expect(stored.fields['scope.seats']?.value).toBe(100 + acknowledged.length - 1);
    for (const { clientId: otherClient, packetId: otherPacket } of inFlight) {
      const other = await call(
        server,
        'GET',
        `/v1/sync/pull?clientId=${otherClient}&cursor=0`,
        ws.tokens.salesManager,
      );
      const written = await call(server, 'GET', `/v1/packets/${otherPacket}`, ws.tokens.salesManager);
      if (other.body.lastMutationId === 2)
        expect(written.body.fields['customer.name'].value).toBe('Half-written Ltd');
      else {
        expect(other.body.lastMutationId).toBe(0);
        expect(written.status).toBe(404);
      }
    }
    // And it goes on working.
    const after = await call(
      server,
      'POST',
      '/v1/sync/push',
      ws.tokens.rep,
      batch([setField(packetId, 'customer.name', 'Acme Corp')]),
    );
    expect(after.body).toEqual({ lastMutationId: lastAcknowledged + 1, rejections: [] });
  } finally {
    await killHard(server);
  }
}

describe('no acknowledged push is lost when the API process is killed with SIGKILL', () => {
  it('on PGlite, in a data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-durability-'));
    try {
      // PGlite's directory opens in one process at a time: seed it, close it, then start the server on it.
      const db: Database = await openPglite(dataDir);
      await migrate(db);
      const ws = await seedWorkspace(db, 'Durable Co');
      await db.close();

      await survivesSigkill({ BATON_DATA_DIR: dataDir }, ws);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it.skipIf(!postgresAvailable)(
    'on PostgreSQL',
    async () => {
      const url = String(process.env.DATABASE_URL);
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const db = await openPostgres(url, schema);
      try {
        await migrate(db);
        const ws = await seedWorkspace(db, 'Durable Co');

        await survivesSigkill({ DATABASE_URL: url, BATON_DB_SCHEMA: schema }, ws);
      } finally {
        await dropTestPostgres(db);
      }
    },
    240_000,
  );
});

describe('the API process on SIGTERM', () => {
  it('exits at once, cleanly, with connections open that carry no request, as browsers keep them', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-sigterm-'));
    const server = await startServer({ BATON_DATA_DIR: dataDir });
    try {
      const { hostname, port } = new URL(server.url);
      // One opened ahead of time with nothing sent yet, one with half a request, one kept alive after a request.
      const fresh = connect(Number(port), hostname);
      const partial = connect(Number(port), hostname);
      partial.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
      const agent = new Agent({ keepAlive: true });
      const answered = await new Promise<number | undefined>((resolve, reject) =>
        httpGet(`${server.url}/healthz`, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode));
        }).on('error', reject),
      );
      expect(answered).toBe(200);
      for (const socket of [fresh, partial]) socket.on('error', () => {});

      const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
      server.process.kill('SIGTERM');
      const code = await exited;

      expect(code).toBe(0);
      expect(server.output()).not.toMatch(/still running|Still busy/);
      agent.destroy();
      fresh.destroy();
      partial.destroy();
    } finally {
      await killHard(server);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
