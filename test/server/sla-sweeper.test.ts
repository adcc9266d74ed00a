import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection';
import { openPglite, openPostgres } from '../../server/db/connection';
import { migrate } from '../../server/db/migrate';
import { sweepSlas } from '../../server/sla/sweeper';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase, postgresAvailable } from './support/databases';
import {
  create,
  expectApplied,
  newId,
  ok,
  opportunity,
  playbookWith,
  salesToCsAnswers,
  transition,
} from './support/handoffs';

const later = (instant: string, ms = 1) => new Date(Date.parse(instant) + ms);

/** A Sales → CS packet submitted to the CS team just now: its acceptance clock is running. */
async function submittedPacket(service: Api, ws: SeededWorkspace): Promise<string> {
  const id = newId();
  const rep = syncClient(service, ws.tokens.rep);
  expectApplied(
    await rep.push([create(id, opportunity()), ...salesToCsAnswers(id), transition(id, 'submit')]),
  );
  return id;
}

async function nextActionAt(db: Database, id: string): Promise<string | null> {
  const [row] = await db.query<{ at: Date | null }>(
    'SELECT next_action_at AS at FROM packets WHERE id = $1',
    [id],
  );
  return row?.at ? new Date(row.at).toISOString() : null;
}

type Step = { seq: number; type: string; actorId: string; data: Record<string, unknown> };

const slaTypes = new Set(['sla_threshold', 'sla_breached', 'escalated', 'reassigned']);

async function slaSteps(service: Api, ws: SeededWorkspace, id: string): Promise<Step[]> {
  const { events } = await ok(service, 'GET', `/v1/packets/${id}/history`, ws.tokens.admin);
  return (events as Step[]).filter((event) => slaTypes.has(event.type));
}

const stepOf = (event: Step) =>
  event.type === 'escalated'
    ? `escalated:${event.data.action}`
    : `${event.type}:${event.data.fraction ?? ''}`;

describeOnEachDatabase('the SLA sweeper', (db) => {
  let ws: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    ws = await seedWorkspace(db());
    service = api(db());
  });

  it('walks the acceptance ladder one step at a time, each step once, as the sweeps come', async () => {
    const id = await submittedPacket(service, ws);
    const taken: string[] = [];
    for (let sweep = 0; sweep < 6; sweep++) {
      const due = await nextActionAt(db(), id);
      if (due === null) break;
      // Just before the step's instant nothing happens; just after, exactly one step.
      expect((await sweepSlas(db(), new Date(due))).steps).toBe(0);
      const result = await sweepSlas(db(), later(due));
      expect(result.steps).toBe(1);
      // Again at the same instant, and again later before the next step: nothing more.
      expect((await sweepSlas(db(), later(due))).steps).toBe(0);
      const steps = await slaSteps(service, ws, id);
      taken.push(stepOf(steps.at(-1) as Step));
      expect(steps).toHaveLength(taken.length);
    }
    // The default acceptance policy: reminders at half and three quarters, then at the deadline the
    // breach and the manager's notice as one step, then the owner's reminder four working hours later.
    expect(taken).toEqual([
      'sla_threshold:0.5',
      'sla_threshold:0.75',
      'escalated:notify_manager',
      'escalated:remind_owner',
    ]);
    expect(await nextActionAt(db(), id)).toBeNull();
    const steps = await slaSteps(service, ws, id);
    expect(steps.every((step) => step.actorId === 'baton-sla')).toBe(true);
    expect(steps[2]?.data).toMatchObject({
      action: 'notify_manager',
      side: 'receiving',
      teamId: 'cs',
      ownerId: null,
      policyId: 'acceptance',
      skipped: [expect.stringMatching(/^acceptance:.+:breach$/)],
    });
  });

  it('after downtime takes one step per packet: the latest due, standing for those it missed', async () => {
    const ids = [await submittedPacket(service, ws), await submittedPacket(service, ws)];
    const monthLater = new Date(Date.now() + 30 * 86_400_000);
    const result = await sweepSlas(db(), monthLater);
    expect(result.steps).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      const steps = await slaSteps(service, ws, id);
      expect(steps).toHaveLength(1);
      expect(steps[0]?.data).toMatchObject({ action: 'remind_owner' });
      expect(steps[0]?.data.skipped).toHaveLength(4);
      expect(await nextActionAt(db(), id)).toBeNull();
    }
    expect((await sweepSlas(db(), monthLater)).steps).toBe(0);
    const [{ count }] = (await db().query(
      'SELECT count(*)::int AS count FROM sla_steps WHERE packet_id = ANY($1::uuid[])',
      [ids],
    )) as [{ count: number }];
    expect(count).toBe(10);
  });

  it('stops with the clock: an accepted packet has no acceptance steps left', async () => {
    const id = await submittedPacket(service, ws);
    const csm = syncClient(service, ws.tokens.csm);
    expectApplied(await csm.push([transition(id, 'accept')]));
    // Accepting starts the kickoff clock; its first step is days away, not the acceptance ladder.
    const due = await nextActionAt(db(), id);
    expect(due).not.toBeNull();
    await sweepSlas(db(), later(due as string));
    const steps = await slaSteps(service, ws, id);
    expect(steps.map((step) => step.data.policyId)).toEqual(['kickoff']);
  });

  it('reassigns a late side to the fallback person named by email, through the reassign event', async () => {
    const playbook = playbookWith((changed) => {
      const [acceptance] = changed.handoffPoints.sales_to_cs.slas;
      if (!acceptance) throw new Error('the default playbook has an acceptance SLA');
      acceptance.escalation = [
        {
          afterBreach: { amount: 0, unit: 'business_hours' },
          action: 'reassign',
          fallbackUserId: 'CSM@acmeinc.example',
        },
      ];
    });
    await ok(service, 'PUT', '/v1/playbook', ws.tokens.admin, playbook);
    try {
      const id = await submittedPacket(service, ws);
      await sweepSlas(db(), new Date(Date.now() + 30 * 86_400_000));
      const steps = await slaSteps(service, ws, id);
      expect(steps.map((event) => event.type)).toEqual(['escalated', 'reassigned']);
      expect(steps[0]?.data).toMatchObject({ action: 'reassign', reassignedTo: ws.userIds.csm });
      expect(steps[1]?.data).toMatchObject({
        side: 'receiving',
        from: null,
        to: ws.userIds.csm,
        teamId: 'cs',
      });
      const stored = await ok(service, 'GET', `/v1/packets/${id}`, ws.tokens.admin);
      expect(stored.owners).toMatchObject({ receivingUserId: ws.userIds.csm, receivingTeamId: 'cs' });
      // The person it fell to sees it as theirs.
      const mine = await ok(service, 'GET', '/v1/team/handoffs', ws.tokens.csm);
      expect(mine.handoffs.map((row: { id: string }) => row.id)).toContain(id);
    } finally {
      await ok(
        service,
        'PUT',
        '/v1/playbook',
        ws.tokens.admin,
        playbookWith(() => undefined),
      );
    }
  });

  it('tells followers by pull: a swept packet comes with the next pull', async () => {
    const id = await submittedPacket(service, ws);
    const manager = syncClient(service, ws.tokens.csManager);
    const before = await manager.pull(0);
    const cursor = before.body.cursor as number;
    await sweepSlas(db(), later((await nextActionAt(db(), id)) as string));
    const after = await manager.pull(cursor);
    expect(after.body.packets.map((packet: { id: string }) => packet.id)).toContain(id);
  });
});

describe('the SLA sweeper across restarts', () => {
  it('takes no step twice when the API starts again on the same PGlite files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-sweep-'));
    try {
      let db = await openPglite(dir);
      await migrate(db);
      const ws = await seedWorkspace(db);
      const id = await submittedPacket(api(db), ws);
      const due = (await nextActionAt(db, id)) as string;
      expect((await sweepSlas(db, later(due))).steps).toBe(1);
      await db.close();
      db = await openPglite(dir);
      expect((await sweepSlas(db, later(due))).steps).toBe(0);
      expect(await slaSteps(api(db), ws, id)).toHaveLength(1);
      await db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!postgresAvailable)('two sweepers on one PostgreSQL', () => {
  it('escalate each breach once between them', async () => {
    const url = process.env.DATABASE_URL as string;
    const schema = `test_sweep_${process.pid}_${Date.now() % 100_000}`;
    const first = await openPostgres(url, schema);
    const second = await openPostgres(url, schema);
    try {
      await migrate(first);
      const ws = await seedWorkspace(first);
      const service = api(first);
      const ids: string[] = [];
      for (let index = 0; index < 30; index++) ids.push(await submittedPacket(service, ws));
      const far = new Date(Date.now() + 30 * 86_400_000);
      // Small batches, so that the two take turns and meet on the same packets.
      const results = await Promise.all([
        sweepSlas(first, far, 4),
        sweepSlas(second, far, 4),
        sweepSlas(first, far, 7),
      ]);
      expect(results.reduce((sum, result) => sum + result.steps, 0)).toBe(30);
      const rows = await first.query<{ packet_id: string; steps: number }>(
        `SELECT packet_id, count(*)::int AS steps FROM events
          WHERE type IN ('sla_threshold', 'sla_breached', 'escalated') GROUP BY packet_id`,
      );
      expect(rows).toHaveLength(30);
      expect(rows.every((row) => row.steps === 1)).toBe(true);
    } finally {
      await first.query(`DROP SCHEMA ${schema} CASCADE`);
      await Promise.all([first.close(), second.close()]);
    }
  });
});
