/**
 * The sync API under load over real HTTP on loopback: push and pull throughput and latency, each
 * beside a bare Hono route on the same server, and what each layer in front of a handler costs.
 *
 * The server runs on this thread; the load comes from a worker thread (support/load-worker.ts), so
 * the two do not take turns on one event loop, though they share the machine's cores with the
 * database. Clients are keep-alive connections, one per lane, each sending its next request as soon
 * as the last one is answered.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createApp } from '../server/app';
import { authenticate } from '../server/http/authenticate';
import { readJsonBody } from '../server/http/json-body';
import { defaultApiSettings } from '../server/http/types';
import {
  type BenchDatabase,
  countStatements,
  figuresOn,
  openBenchPglite,
  openBenchPostgres,
  postgresUrl,
  warnWithoutPostgres,
} from './support/databases';
import { type Figure, figure, maximum, minimum } from './support/figure';
import {
  type Lane,
  type LoadGenerator,
  type LoadRequest,
  type LoadResult,
  startLoadGenerator,
} from './support/load';
import { startServer } from './support/server';
import { BenchClient, type Mutation, nthEdit } from './support/sync-client';
import { type BenchWorkspace, seedWorkspace } from './support/workspace';

/** Concurrent clients for the throughput figures. */
const concurrency = 8;
const measureMs = 1_500;
const warmUpMs = 400;
const bodyLimitBytes = defaultApiSettings.bodyLimitBytes;
const verbose = Boolean(process.env.BENCH_VERBOSE);

const goals = {
  push5: { pglite: minimum(200, 'req/s'), postgres: minimum(500, 'req/s') },
  push50p95: { postgres: maximum(30, 'ms') },
};

export async function run(): Promise<Figure[]> {
  const load = startLoadGenerator();
  const figures: Figure[] = [];
  try {
    figures.push(
      ...(await figuresOn(
        'api-sync',
        () => openBenchPglite('memory'),
        (bench) => measureOn(bench, load, true),
      )),
    );
    if (postgresUrl)
      figures.push(
        ...(await figuresOn('api-sync', openBenchPostgres, (bench) => measureOn(bench, load, false))),
      );
    else warnWithoutPostgres();
  } finally {
    await load.close();
  }
  return figures;
}

async function measureOn(
  bench: BenchDatabase,
  load: LoadGenerator,
  measureLayers: boolean,
): Promise<Figure[]> {
  console.log(
    `api-sync: ${bench.description}; load from a worker thread, ${concurrency} keep-alive clients, ` +
      `${measureMs / 1000} s per figure`,
  );
  const counted = countStatements(bench.db);
  const server = await startServer(benchApp(counted.db));
  try {
    const workspace = await seedWorkspace(bench.db, concurrency + 1);
    const scenario = new Scenario(bench, load, server.origin, workspace, counted.statements);
    return await scenario.measure(measureLayers);
  } finally {
    await server.close();
  }
}

/**
 * The API as `npm start` serves it, with authentication, validation and the body limit on (and the
 * rate limit, raised so that it never refuses the benchmark), plus bare routes to compare with.
 */
function benchApp(db: BenchDatabase['db']): Hono {
  const app = createApp({ db, settings: { rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } });
  app.get('/bare', (c) => c.json({ ok: true }));
  app.post('/bare', async (c) => {
    await c.req.json();
    return c.json({ ok: true });
  });
  app.post('/bare/no-body', (c) => c.json({ ok: true }));
  app.post('/bare/read-json-body', async (c) => {
    await readJsonBody(c, bodyLimitBytes);
    return c.json({ ok: true });
  });
  app.post('/bare/hono-body-limit', bodyLimit({ maxSize: bodyLimitBytes }), async (c) => {
    await c.req.json();
    return c.json({ ok: true });
  });
  app.get('/bare/authenticated', async (c) => {
    await authenticate(db, c.req.header('authorization'));
    return c.json({ ok: true });
  });
  return app;
}

type Phase = 'warm-up' | 'measure';

const repeat = (request: LoadRequest): Lane[] =>
  Array.from({ length: concurrency }, () => ({ requests: [request], cycle: true }));

const once = (requests: LoadRequest[]): Lane[] =>
  requests.map((request) => ({ requests: [request], cycle: false }));

class Scenario {
  private readonly figures: Figure[] = [];
  private readonly label: 'pglite' | 'postgres';

  constructor(
    private readonly bench: BenchDatabase,
    private readonly load: LoadGenerator,
    private readonly origin: string,
    private readonly workspace: BenchWorkspace,
    private readonly statements: () => number,
  ) {
    this.label = bench.db.kind;
  }

  async measure(measureLayers: boolean): Promise<Figure[]> {
    const rep = this.workspace.reps[0] as { token: string };
    const sample = new BenchClient(rep.token, 'sample');
    const small = sample.push(createAndEdit(sample, 4)).body as string;
    const bareGet = await this.timed('bare GET', repeat({ method: 'GET', path: '/bare' }));
    const barePost = await this.timed('bare POST', repeat({ method: 'POST', path: '/bare', body: small }));
    this.add('bare GET', round(bareGet.perSecond), 'req/s');
    this.add(`bare POST (reads a ${kb(small)} JSON body)`, round(barePost.perSecond), 'req/s');

    if (measureLayers) await this.layers(small, sample);
    await this.auth(bareGet, rep.token);
    const push5 = await this.push5();
    const push50 = await this.push50();
    const pull = await this.pull();

    this.add('push 5 throughput ÷ bare POST', round(push5 / barePost.perSecond, 3), '×');
    this.add('push 50 throughput ÷ bare POST', round(push50 / barePost.perSecond, 3), '×');
    this.add('pull from 0 throughput ÷ bare GET', round(pull.fromZero / bareGet.perSecond, 3), '×');
    this.add('pull up to date throughput ÷ bare GET', round(pull.upToDate / bareGet.perSecond, 3), '×');
    await this.checkNothingRefused();
    return this.figures;
  }

  private add(name: string, value: number, unit: string, goal?: Parameters<typeof figure>[3]): void {
    this.figures.push(figure(`${this.label}: ${name}`, value, unit, goal));
  }

  /**
   * Warms up, then measures. `lanes` is either the lanes for both, or makes lanes of their own for
   * each phase (pushes cannot be sent twice).
   */
  private async timed(
    what: string,
    lanes: Lane[] | ((phase: Phase) => Lane[] | Promise<Lane[]>),
    { durationMs = measureMs, warmUp = warmUpMs } = {},
  ): Promise<LoadResult & { statementsPerRequest: number }> {
    const lanesFor = typeof lanes === 'function' ? lanes : () => lanes;
    if (warmUp > 0)
      await this.load.run({ origin: this.origin, lanes: await lanesFor('warm-up'), durationMs: warmUp });
    const measured = await lanesFor('measure');
    const before = this.statements();
    const result = await this.load.run({ origin: this.origin, lanes: measured, durationMs });
    const statementsPerRequest = (this.statements() - before) / result.requests;
    if (verbose)
      console.log(
        `  ${this.label} ${what}: ${result.requests} requests, ${round(result.perSecond)}/s, ` +
          `p50 ${round(result.p50, 1)} ms, p95 ${round(result.p95, 1)} ms, ${round(statementsPerRequest, 1)} statements each`,
      );
    return { ...result, statementsPerRequest };
  }

  /** Sends each request once, all at once, and waits for every answer: setting up, not measured. */
  private async untimed(requests: LoadRequest[]): Promise<void> {
    await this.load.run({ origin: this.origin, lanes: once(requests), durationMs: 120_000 });
  }

  /**
   * What reading the body costs, three ways: not at all, our readJsonBody (counts bytes as they
   * stream in), and Hono's bodyLimit then c.req.json(). With a Content-Length, bodyLimit only checks
   * the header; a chunked body it buffers and wraps in a new Request before c.req.json() reads it.
   * The variants take turns, two rounds, and each keeps its best round: other work on the machine
   * then shows as noise in all of them rather than as a difference between them.
   */
  private async layers(small: string, client: BenchClient): Promise<void> {
    const large = client.push(createAndEdit(client, 49)).body as string;
    const variants = [
      ['no body handling', '/bare/no-body', false],
      ['readJsonBody', '/bare/read-json-body', false],
      ["Hono's bodyLimit + c.req.json()", '/bare/hono-body-limit', false],
      ['readJsonBody, chunked', '/bare/read-json-body', true],
      ["Hono's bodyLimit + c.req.json(), chunked", '/bare/hono-body-limit', true],
    ] as const;
    for (const body of [small, large]) {
      const best = variants.map(() => 0);
      for (let round = 0; round < 2; round++)
        for (const [index, [label, path, chunked]] of variants.entries()) {
          const lanes = repeat({ method: 'POST', path, body, chunked });
          const result = await this.timed(`POST ${kb(body)}, ${label}`, lanes, {
            durationMs: 500,
            warmUp: 150,
          });
          best[index] = Math.max(best[index] ?? 0, result.perSecond);
        }
      for (const [index, [label]] of variants.entries())
        this.figures.push(figure(`http: POST ${kb(body)} body, ${label}`, round(best[index] ?? 0), 'req/s'));
    }
  }

  /** Authentication alone (one query), and GET /v1/me: authentication and a workspace transaction. */
  private async auth(bare: LoadResult, token: string): Promise<void> {
    const authenticated = await this.timed(
      'authenticate()',
      repeat({ method: 'GET', path: '/bare/authenticated', token }),
    );
    const me = await this.timed('GET /v1/me', repeat({ method: 'GET', path: '/v1/me', token }));
    this.add('bare GET + authenticate()', round(authenticated.perSecond), 'req/s');
    this.add(
      'authenticate() cost per request (Δ of 1 / throughput)',
      round(costMs(bare, authenticated), 2),
      'ms',
    );
    this.add('GET /v1/me', round(me.perSecond), 'req/s');
    this.add('GET /v1/me p95', round(me.p95, 1), 'ms');
  }

  /** Each lane a rep's extension: a new packet from the CRM page and four edits of it, per push. */
  private async push5(): Promise<number> {
    const lanes = (phase: Phase) =>
      this.workspace.reps.slice(0, concurrency).map((rep, lane) => {
        const client = new BenchClient(rep.token, `${phase}${lane}`);
        const count = phase === 'warm-up' ? 60 : 500;
        return {
          requests: Array.from({ length: count }, () => client.push(createAndEdit(client, 4))),
          cycle: false,
        };
      });
    const result = await this.timed('push 5', lanes);
    this.add(
      'push 5 mutations (create + 4 edits)',
      round(result.perSecond),
      'req/s',
      goals.push5[this.label],
    );
    this.add('push 5 mutations p95', round(result.p95, 1), 'ms');
    this.add('push 5 mutations, statements per push', round(result.statementsPerRequest, 1), '');
    return result.perSecond;
  }

  /**
   * Each lane a client back online: 50 edits across its 10 packets in one push. Measured with all
   * clients at once (throughput, and latency under load) and with one client alone (latency).
   */
  private async push50(): Promise<number> {
    const together = await this.timed('push 50', (phase) =>
      this.fiftyLanes(concurrency, phase === 'warm-up' ? 10 : 100),
    );
    const alone = await this.timed('push 50 alone', () => this.fiftyLanes(1, 200), { warmUp: 0 });
    const goal = this.label === 'postgres' ? goals.push50p95.postgres : undefined;
    this.add('push 50 edits across 10 packets', round(together.perSecond), 'req/s');
    // The goal is a push's own latency. With every client pushing back to back the machine is saturated,
    // and a push mostly waits its turn: that p95 follows from the throughput beside it.
    this.add(`push 50 mutations p95, ${concurrency} clients at once`, round(together.p95, 1), 'ms');
    this.add('push 50 mutations p95, one client alone', round(alone.p95, 1), 'ms', goal);
    this.add('push 50 mutations, statements per push', round(together.statementsPerRequest, 1), '');
    return together.perSecond;
  }

  /** Lanes of fresh clients, each with 10 packets created (through the API, not measured) beforehand. */
  private async fiftyLanes(clientCount: number, perLane: number): Promise<Lane[]> {
    const lanes = this.workspace.reps.slice(0, clientCount).map((rep, lane) => {
      const client = new BenchClient(rep.token, `f${lane}`);
      return { client, created: Array.from({ length: 10 }, () => client.createPacket()) };
    });
    await this.untimed(
      lanes.map(({ client, created }) => client.push(created.map(({ mutation }) => mutation))),
    );
    let counter = 0;
    return lanes.map(({ client, created }) => {
      const ids = created.map(({ packetId }) => packetId);
      const fifty = () =>
        Array.from({ length: 50 }, (_, i) =>
          client.setField(ids[i % ids.length] as string, nthEdit(counter++)),
        );
      return { requests: Array.from({ length: perLane }, () => client.push(fifty())), cycle: false };
    });
  }

  /**
   * A rep who follows 50 packets pulls from cursor 0 (a fresh install) and from the current cursor
   * (the steady poll, nothing new), in a workspace holding every packet the pushes above created.
   */
  private async pull(): Promise<{ fromZero: number; upToDate: number }> {
    const follower = this.workspace.reps[concurrency] as { token: string };
    const owner = new BenchClient(follower.token, 'pull');
    await this.untimed([owner.push(Array.from({ length: 50 }, () => owner.createPacket().mutation))]);
    const [workspace] = await this.bench.db.query<{ version: string; packets: string }>(
      'SELECT version, (SELECT count(*) FROM packets WHERE workspace_id = $1) AS packets FROM workspaces WHERE id = $1',
      [this.workspace.id],
    );
    const cursor = Number(workspace?.version);
    const pulls = (from: number) =>
      Array.from({ length: concurrency }, () => ({
        requests: [new BenchClient(follower.token, 'pull').pull(from)],
        cycle: true,
      }));
    const zero = await this.timed('pull from 0', pulls(0));
    const recent = await this.timed('pull up to date', pulls(cursor));
    this.add(
      `pull from 0 (50 packets followed, ${workspace?.packets} in the workspace)`,
      round(zero.perSecond),
      'req/s',
    );
    this.add('pull from 0 p95', round(zero.p95, 1), 'ms');
    this.add('pull up to date (nothing new)', round(recent.perSecond), 'req/s');
    this.add('pull up to date p95', round(recent.p95, 1), 'ms');
    return { fromZero: zero.perSecond, upToDate: recent.perSecond };
  }

  /** The figures mean something only if every mutation was applied as an edit, not refused or a conflict. */
  private async checkNothingRefused(): Promise<void> {
    const [row] = await this.bench.db.query<{ rejections: string; conflicts: string }>(
      `SELECT (SELECT count(*) FROM rejections) AS rejections,
              (SELECT count(*) FROM events WHERE type = 'conflict_opened') AS conflicts`,
    );
    if (Number(row?.rejections) > 0 || Number(row?.conflicts) > 0)
      throw new Error(`pushes were refused or conflicted: ${JSON.stringify(row)}`);
  }
}

/** A new packet and `count` edits of it. */
function createAndEdit(client: BenchClient, count: number): Mutation[] {
  const created = client.createPacket();
  return [
    created.mutation,
    ...Array.from({ length: count }, (_, i) => client.setField(created.packetId, nthEdit(i))),
  ];
}

/**
 * The server time each request spends on what `slower` does beyond `faster`: with the machine kept
 * busy, 1 / throughput is the time one request takes of it.
 */
function costMs(faster: LoadResult, slower: LoadResult): number {
  return 1000 / slower.perSecond - 1000 / faster.perSecond;
}

function kb(body: string): string {
  return `${(Buffer.byteLength(body) / 1024).toFixed(1)} kB`;
}

function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
