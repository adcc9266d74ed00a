import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inWorkspace } from '../../server/db/workspace-transaction';
import { runDueWork } from '../../server/due-work';
import { sweepSlas } from '../../server/sla/sweeper';
import { type ClaimedDelivery, claimDue } from '../../server/webhooks/claim';
import { backoffMs, deliverWebhooks } from '../../server/webhooks/deliver';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import {
  create,
  expectApplied,
  expectErrorShape,
  newId,
  ok,
  opportunity,
  salesToCsAnswers,
  transition,
} from './support/handoffs';
import { type ReceivedRequest, type Receiver, startReceiver } from './support/receiver';

const after = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

/** What a receiver does with the documented headers: recompute the signature and compare. */
function expectSignedBy(secret: string, request: ReceivedRequest): void {
  const timestamp = String(request.headers['x-baton-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
  expect(request.headers['x-baton-signature']).toBe(`v1=${expected}`);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
}

const batonOf = (request: ReceivedRequest) => JSON.parse(request.body).baton;

/** The delivery is due again a backoff after the attempt made at `attemptAt` (give or take the run's own time). */
function expectBackoff(
  delivery: Record<string, unknown> | undefined,
  attemptAt: Date,
  attempts: number,
): Date {
  const nextAttemptAt = new Date(String(delivery?.nextAttemptAt));
  const waited = nextAttemptAt.getTime() - attemptAt.getTime();
  expect(waited).toBeGreaterThanOrEqual(backoffMs(attempts));
  expect(waited).toBeLessThan(backoffMs(attempts) + 5_000);
  return nextAttemptAt;
}

describeOnEachDatabase('outbound webhooks', (db) => {
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  let service: Api;
  let receiver: Receiver;

  beforeAll(async () => {
    ws = await seedWorkspace(db(), 'Acme Inc');
    other = await seedWorkspace(db(), 'Globex Inc');
    service = api(db());
  });

  /** A fresh receiver answering 200 and a webhook of `ws` pointing at it; removed once the test is done. */
  async function withWebhook(
    events: string[] | undefined,
    test: (hook: { id: string; secret: string }) => Promise<void>,
  ): Promise<void> {
    receiver = await startReceiver();
    const hook = await ok(service, 'POST', '/v1/webhooks', ws.tokens.admin, {
      url: receiver.url,
      ...(events ? { events } : {}),
      description: 'test receiver',
    });
    try {
      await test(hook);
    } finally {
      await service.call('DELETE', `/v1/webhooks/${hook.id}`, ws.tokens.admin);
      await receiver.stop().catch(() => undefined);
    }
  }

  async function submitted(customer: string, workspace = ws): Promise<string> {
    const id = newId();
    const rep = syncClient(service, workspace.tokens.rep);
    expectApplied(
      await rep.push([
        create(id, opportunity()),
        ...salesToCsAnswers(id, customer),
        transition(id, 'submit'),
      ]),
    );
    return id;
  }

  async function deliveries(hookId: string, query = ''): Promise<Record<string, unknown>[]> {
    return (await ok(service, 'GET', `/v1/webhooks/${hookId}/deliveries${query}`, ws.tokens.admin))
      .deliveries;
  }

  it('sends a submission once, signed, in the words people are notified in, and logs it', async () => {
    await withWebhook(['submitted'], async (hook) => {
      expect(hook.secret).toMatch(/^whsec_/);
      const packetId = await submitted('Initech <Labs> & Co');
      const [pending] = await deliveries(hook.id);
      expect(pending).toMatchObject({ packetId, eventType: 'submitted', status: 'pending', attempts: 0 });

      expect(await runDueWork(db())).toBe('Webhooks: 1 delivered, 0 to retry, 0 failed for good');
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests as [ReceivedRequest];
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hooks/baton');
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'x-baton-delivery': pending?.id,
        'x-baton-event': 'submitted',
      });
      expectSignedBy(hook.secret, request);
      const body = JSON.parse(request.body);
      // Slack markup in a customer's name is shown, not obeyed.
      expect(body.text).toBe(
        '*Handoff submitted to the receiving team*\nInitech &lt;Labs&gt; &amp; Co (Sales → CS / Onboarding), from Rae Rep.',
      );
      expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: body.text } });
      expect(body.baton).toMatchObject({
        deliveryId: pending?.id,
        eventType: 'submitted',
        packetId,
        handoffPoint: 'sales_to_cs',
        customerName: 'Initech <Labs> & Co',
        seq: pending?.seq,
        actorId: ws.userIds.rep,
      });

      const [delivered] = await deliveries(hook.id);
      expect(delivered).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastStatus: 200,
        lastError: null,
        nextAttemptAt: null,
        body: request.body,
      });
      expect(delivered?.deliveredAt).toEqual(expect.any(String));
      expect(await deliverWebhooks(db(), after(new Date(), 86_400_000))).toEqual({
        delivered: 0,
        retrying: 0,
        failed: 0,
      });
      expect(receiver.requests).toHaveLength(1);
    });
  });

  it('sends the SLA reminder the sweeper takes', async () => {
    await withWebhook(undefined, async (hook) => {
      const packetId = await submitted('Hooli');
      const [row] = await db().query<{ at: Date }>('SELECT next_action_at AS at FROM packets WHERE id = $1', [
        packetId,
      ]);
      const stepAt = after(new Date(row?.at as Date), 1);
      await sweepSlas(db(), stepAt);
      await deliverWebhooks(db(), stepAt);

      const mine = receiver.requests.filter((request) => batonOf(request).packetId === packetId);
      expect(mine.map((request) => request.headers['x-baton-event'])).toEqual(['submitted', 'sla_threshold']);
      const reminder = mine[1] as ReceivedRequest;
      expectSignedBy(hook.secret, reminder);
      const body = JSON.parse(reminder.body);
      expect(body.text).toMatch(/^\*Due soon: .+\*\nHooli \(Sales → CS \/ Onboarding\) is due by /);
      expect(body.baton).toMatchObject({
        eventType: 'sla_threshold',
        actorId: 'baton-sla',
        data: { policyId: 'acceptance', fraction: 0.5 },
      });
    });
  });

  it('retries a receiver that answers 500 after its backoff, and delivers the same bytes when it recovers', async () => {
    await withWebhook(['submitted'], async (hook) => {
      receiver.answer(500);
      await submitted('Pied Piper');
      const start = new Date();
      expect(await deliverWebhooks(db(), start)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      const [first] = await deliveries(hook.id);
      expect(first).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastStatus: 500,
        lastError: 'HTTP 500: error 500',
      });
      const retryAt = expectBackoff(first, start, 1);

      receiver.answer(200);
      // Before its backoff is over, nothing is sent.
      expect(await deliverWebhooks(db(), after(retryAt, -1000))).toMatchObject({ delivered: 0 });
      expect(receiver.requests).toHaveLength(1);
      expect(await deliverWebhooks(db(), retryAt)).toMatchObject({ delivered: 1 });

      const [delivered] = await deliveries(hook.id);
      expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
      const [one, two] = receiver.requests as [ReceivedRequest, ReceivedRequest];
      expect(two.headers['x-baton-delivery']).toBe(one.headers['x-baton-delivery']);
      expect(two.body).toBe(one.body);
      expectSignedBy(hook.secret, two);
    });
  });

  it('retries a receiver that is not listening, with a growing backoff, until it is back', async () => {
    await withWebhook(['submitted'], async (hook) => {
      await receiver.stop();
      await submitted('Globochem');
      const start = new Date();
      await deliverWebhooks(db(), start);
      const [refused] = await deliveries(hook.id);
      expect(refused).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
      expect(refused?.lastError).toMatch(/ECONNREFUSED/);

      const second = expectBackoff(refused, start, 1);
      expect(await deliverWebhooks(db(), second)).toMatchObject({ retrying: 1 });
      const third = expectBackoff((await deliveries(hook.id))[0], second, 2);

      await receiver.start();
      expect(await deliverWebhooks(db(), third)).toMatchObject({ delivered: 1 });
      expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 3 });
      expect(receiver.requests).toHaveLength(1);
      expectSignedBy(hook.secret, receiver.requests[0] as ReceivedRequest);
    });
  });

  it('gives a delivery up as failed after the maximum attempts', async () => {
    await withWebhook(['submitted'], async (hook) => {
      receiver.answer(503);
      await submitted('Vandelay Industries');
      let now = new Date();
      const results = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        results.push(await deliverWebhooks(db(), now, { maxAttempts: 3 }));
        if (attempt < 3) now = expectBackoff((await deliveries(hook.id))[0], now, attempt);
      }
      expect(results.map((result) => result.failed)).toEqual([0, 0, 1]);
      expect((await deliveries(hook.id, '?status=failed'))[0]).toMatchObject({
        status: 'failed',
        attempts: 3,
        lastStatus: 503,
        nextAttemptAt: null,
      });
      expect(await deliveries(hook.id, '?status=pending')).toEqual([]);
      await deliverWebhooks(db(), after(now, 86_400_000), { maxAttempts: 3 });
      expect(receiver.requests).toHaveLength(3);
    });
  });

  it('tries again when the lease of a worker that stopped ends, and fails one whose last attempt was lost', async () => {
    await withWebhook(['submitted'], async (hook) => {
      await submitted('Cyberdyne');
      await submitted('Oscorp');
      // A worker claims both, commits, and stops before sending anything.
      const start = new Date();
      const leaseEnds = after(start, 70_000);
      const stopped = await inWorkspace(db(), ws.id, (tx) =>
        claimDue(tx, ws.id, start, { limit: 10, maxAttempts: 10, leaseEnds }),
      );
      expect(stopped.claimed).toHaveLength(2);
      expect(await deliverWebhooks(db(), after(leaseEnds, -1000))).toMatchObject({ delivered: 0 });
      expect(receiver.requests).toEqual([]);

      // One more allowed attempt for one of them, none for the other.
      const [lost, retried] = stopped.claimed as [ClaimedDelivery, ClaimedDelivery];
      await db().query('UPDATE webhook_deliveries SET attempts = 3 WHERE id = $1', [retried.deliveryId]);
      expect(await deliverWebhooks(db(), leaseEnds, { maxAttempts: 3 })).toEqual({
        delivered: 1,
        retrying: 0,
        failed: 1,
      });
      expect(receiver.requests.map((request) => request.headers['x-baton-delivery'])).toEqual([
        lost.deliveryId,
      ]);
      const log = await deliveries(hook.id);
      expect(log.find((delivery) => delivery.id === lost.deliveryId)).toMatchObject({
        status: 'delivered',
        attempts: 2,
      });
      expect(log.find((delivery) => delivery.id === retried.deliveryId)).toMatchObject({
        status: 'failed',
        attempts: 3,
        lastError: expect.stringContaining('the worker stopped'),
      });
    });
  });

  it('sends each delivery once when two workers run at once', async () => {
    await withWebhook(['submitted'], async (hook) => {
      // A slow receiver keeps the first worker's batch in flight while the second claims.
      receiver.answer(200, 150);
      const packets = await Promise.all(
        ['A', 'B', 'C', 'D', 'E'].map((name) => submitted(`Parallel ${name}`)),
      );
      const now = new Date();
      const [one, two] = await Promise.all([
        deliverWebhooks(db(), now, { batchSize: 2 }),
        deliverWebhooks(db(), now, { batchSize: 2 }),
      ]);
      expect(one.delivered + two.delivered).toBe(5);
      // Both took part: the second worked while the first was waiting on the receiver.
      expect(Math.min(one.delivered, two.delivered)).toBeGreaterThan(0);
      const ids = receiver.requests.map((request) => request.headers['x-baton-delivery']);
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
      expect(new Set(receiver.requests.map((request) => batonOf(request).packetId))).toEqual(
        new Set(packets),
      );
      expect(await deliveries(hook.id, '?status=delivered')).toHaveLength(5);
    });
  });

  it('enqueues nothing for a workspace without webhooks, or for events nobody subscribed to', async () => {
    const count = async (workspaceId: string) => {
      const [row] = await db().query<{ n: number }>(
        'SELECT count(*)::int AS n FROM webhook_deliveries WHERE workspace_id = $1',
        [workspaceId],
      );
      return row?.n;
    };
    await submitted('Soylent', other);
    expect(await count(other.id)).toBe(0);
    await withWebhook(['accepted'], async (hook) => {
      const packetId = await submitted('Umbrella');
      expect(await deliveries(hook.id)).toEqual([]);
      expectApplied(await syncClient(service, ws.tokens.csm).push([transition(packetId, 'accept')]));
      expect((await deliveries(hook.id)).map((delivery) => delivery.eventType)).toEqual(['accepted']);
    });
  });

  it('fails the pending deliveries of a removed webhook and keeps its log', async () => {
    receiver = await startReceiver();
    const hook = await ok(service, 'POST', '/v1/webhooks', ws.tokens.admin, { url: receiver.url });
    try {
      expect(hook.events).toEqual([
        'sla_threshold',
        'sla_breached',
        'escalated',
        'submitted',
        'returned',
        'accepted',
      ]);
      await submitted('Massive Dynamic');
      expect((await service.call('DELETE', `/v1/webhooks/${hook.id}`, ws.tokens.admin)).status).toBe(204);
      const listed = await ok(service, 'GET', '/v1/webhooks', ws.tokens.admin);
      expect(listed.webhooks.map((listedHook: { id: string }) => listedHook.id)).not.toContain(hook.id);
      expect((await deliveries(hook.id))[0]).toMatchObject({
        status: 'failed',
        lastError: 'webhook removed',
      });
      // A push that read the webhook as live just before the removal committed queues one more: it fails too.
      await db().query(
        "UPDATE webhook_deliveries SET status = 'pending', last_error = NULL, next_attempt_at = now() WHERE webhook_id = $1",
        [hook.id],
      );
      expect(await deliverWebhooks(db(), after(new Date(), 86_400_000))).toMatchObject({ failed: 1 });
      expect(receiver.requests).toEqual([]);
      expect((await deliveries(hook.id))[0]).toMatchObject({
        status: 'failed',
        lastError: 'webhook removed',
      });
      const again = await service.call('DELETE', `/v1/webhooks/${hook.id}`, ws.tokens.admin);
      expect(again.status).toBe(404);
      expectErrorShape(again.body, 'not_found');
    } finally {
      await receiver.stop();
    }
  });

  it('shows webhooks and their log to admins only, never a secret, and nothing of another workspace', async () => {
    await withWebhook(['submitted'], async (hook) => {
      const listed = await ok(service, 'GET', '/v1/webhooks', ws.tokens.admin);
      expect(listed.webhooks).toEqual([
        {
          id: hook.id,
          url: receiver.url,
          description: 'test receiver',
          events: ['submitted'],
          createdAt: expect.any(String),
        },
      ]);
      for (const [method, path] of [
        ['GET', '/v1/webhooks'],
        ['POST', '/v1/webhooks'],
        ['DELETE', `/v1/webhooks/${hook.id}`],
        ['GET', `/v1/webhooks/${hook.id}/deliveries`],
      ] as const)
        for (const role of ['rep', 'csm', 'salesManager'] as const) {
          const body = method === 'POST' ? { url: receiver.url } : undefined;
          const refused = await service.call(method, path, ws.tokens[role], body);
          expect(refused.status, `${method} ${path} as ${role}`).toBe(403);
          expectErrorShape(refused.body, 'forbidden');
        }
      for (const [method, path] of [
        ['GET', `/v1/webhooks/${hook.id}/deliveries`],
        ['DELETE', `/v1/webhooks/${hook.id}`],
        ['GET', '/v1/webhooks/not-a-webhook/deliveries'],
        ['GET', `/v1/webhooks/${newId()}/deliveries`],
      ] as const) {
        const hidden = await service.call(method, path, other.tokens.admin);
        expect(hidden.status, `${method} ${path}`).toBe(404);
        expectErrorShape(hidden.body, 'not_found');
      }
      expect((await ok(service, 'GET', '/v1/webhooks', other.tokens.admin)).webhooks).toEqual([]);

      await submitted('Wonka Industries');
      await submitted('Tyrell Corp');
      const newest = await deliveries(hook.id, '?limit=1&status=pending');
      expect(newest).toHaveLength(1);
      for (const query of ['?status=lost', '?limit=0', '?limit=many']) {
        const bad = await service.call('GET', `/v1/webhooks/${hook.id}/deliveries${query}`, ws.tokens.admin);
        expect(bad.status, query).toBe(400);
        expectErrorShape(bad.body, 'invalid_request');
      }
    });
  });

  it('refuses a webhook it could not send to, saying why', async () => {
    const refusals: Array<[body: unknown, path: string]> = [
      [{ url: 'ftp://files.example/drop' }, 'url'],
      [{ url: 'javascript:alert(1)' }, 'url'],
      [{ url: 'hooks.slack.com/services/T0/B0/x' }, 'url'],
      [{ url: 'https://user:password@hooks.example/x' }, 'url'],
      [{ url: `https://hooks.example/${'x'.repeat(2000)}` }, 'url'],
      [{}, 'url'],
      [{ url: 'https://hooks.example/x', events: ['closed'] }, 'events[0]'],
      [{ url: 'https://hooks.example/x', events: [] }, 'events'],
      [{ url: 'https://hooks.example/x', description: 'x'.repeat(201) }, 'description'],
    ];
    for (const [body, path] of refusals) {
      const refused = await service.call('POST', '/v1/webhooks', ws.tokens.admin, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expectErrorShape(refused.body, 'invalid_request');
      expect(refused.body.error.issues.map((issue: { path: string }) => issue.path)).toEqual([path]);
    }
    const notJson = await service.call('POST', '/v1/webhooks', ws.tokens.admin, '{"url": ');
    expect(notJson.status).toBe(400);
    expectErrorShape(notJson.body, 'invalid_json');
    expect((await ok(service, 'GET', '/v1/webhooks', ws.tokens.admin)).webhooks).toEqual([]);
  });

  afterAll(async () => {
    await receiver?.stop().catch(() => undefined);
  });
});
