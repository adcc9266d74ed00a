import { createHash } from 'node:crypto';
import { compileErrors, validate } from '@readme/openapi-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreatedUser, Me } from '../../lib/api';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { PlaybookShape } from '../../lib/handoff/playbook';
import { createApp } from '../../server/app';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import { fakeDatabase } from './support/fake-database';
import {
  create,
  expectApplied,
  expectErrorShape,
  newId,
  ok,
  opportunity,
  playbookWith,
} from './support/handoffs';

describe('GET /v1/openapi.json', () => {
  const app = createApp({ db: fakeDatabase() });

  it('is served without a token and documents every route the API serves', async () => {
    const response = await app.request('/v1/openapi.json');
    const document = await response.json();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(document).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: expect.any(String) },
    });
    const served = app.routes
      .filter((route) => route.method !== 'ALL' && route.path !== '/v1/openapi.json')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThanOrEqual(13);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('is a valid OpenAPI document by an independent parser, every path parameter declared', async () => {
    const document = await (await app.request('/v1/openapi.json')).json();
    const result = await validate(structuredClone(document));
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(document.paths['/v1/packets/{id}/history'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
  });

  it('describes the push body from the same schema that validates it', async () => {
    const document = await (await app.request('/v1/openapi.json')).json();
    const push = document.paths['/v1/sync/push'].post;
    const body = push.requestBody.content['application/json'].schema;

    expect(body.required).toEqual(expect.arrayContaining(['clientId', 'mutations']));
    expect(body.properties.mutations.maxItems).toBe(500);
    expect(Object.keys(push.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '409', '413', '429']),
    );
  });
});

describeOnEachDatabase('me, playbook and users', (db) => {
  let ws: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    ws = await seedWorkspace(db(), 'Admin Co');
    service = api(db());
  });

  describe('GET /healthz and GET /v1/me', () => {
    it('answers health without a token', async () => {
      expect(await service.call('GET', '/healthz', null)).toEqual({
        status: 200,
        body: { ok: true, database: db().kind },
      });
    });

    it('tells each caller who they are, in which workspace, teams and role', async () => {
      const rep = Me.parse(await ok(service, 'GET', '/v1/me', ws.tokens.rep));
      const manager = Me.parse(await ok(service, 'GET', '/v1/me', ws.tokens.csManager));
      const admin = Me.parse(await ok(service, 'GET', '/v1/me', ws.tokens.admin));

      expect(rep).toEqual({
        user: { id: ws.userIds.rep, email: 'rep@adminco.example', name: 'Rae Rep', role: 'rep' },
        workspace: { id: ws.id, name: 'Admin Co' },
        teams: [{ id: 'sales', name: 'Sales', function: 'sales', manages: false }],
      });
      expect(manager.user.role).toBe('manager');
      expect(manager.teams).toEqual([
        { id: 'cs', name: 'Customer Success', function: 'customer_success', manages: true },
      ]);
      expect(admin.teams).toEqual([]);
      expect(admin.workspace.id).toBe(ws.id);
    });
  });

  describe('GET and PUT /v1/playbook', () => {
    it('lets everybody read the playbook and only admins change it, validated and versioned', async () => {
      const team = await seedWorkspace(db(), 'Playbook Co');
      const initial = PlaybookShape.parse(await ok(service, 'GET', '/v1/playbook', team.tokens.csm));
      expect(initial).toEqual(defaultPlaybook);

      for (const role of ['rep', 'salesManager', 'csm', 'marketer'] as const) {
        const refused = await service.call('PUT', '/v1/playbook', team.tokens[role], defaultPlaybook);
        expect(refused.status).toBe(403);
        expectErrorShape(refused.body, 'forbidden');
      }

      const renamed = playbookWith((playbook) => {
        playbook.name = 'Acme handoff rules';
        playbook.teamCalendars = { cs: 'standard' };
      });
      const saved = await ok(service, 'PUT', '/v1/playbook', team.tokens.admin, renamed);
      const read = PlaybookShape.parse(await ok(service, 'GET', '/v1/playbook', team.tokens.rep));
      const again = await ok(service, 'PUT', '/v1/playbook', team.tokens.admin, {
        ...renamed,
        name: 'Acme handoff rules, v3',
      });

      expect(saved).toMatchObject({ name: 'Acme handoff rules', version: 2 });
      expect(read).toEqual({ ...renamed, version: 2 });
      expect(again.version).toBe(3);
      expect((await ok(service, 'GET', '/v1/playbook', team.tokens.rep)).name).toBe('Acme handoff rules, v3');
      // Other workspaces keep their own.
      expect((await ok(service, 'GET', '/v1/playbook', ws.tokens.rep)).version).toBe(1);
    });

    it('refuses an invalid playbook with 400 and an issue for every bad path, keeping the current one', async () => {
      const team = await seedWorkspace(db(), 'Bad Playbook Co');
      const shapeWrong = await service.call('PUT', '/v1/playbook', team.tokens.admin, {
        ...defaultPlaybook,
        calendars: [],
        version: 'latest',
      });
      const referencesWrong = await service.call(
        'PUT',
        '/v1/playbook',
        team.tokens.admin,
        playbookWith((playbook) => {
          playbook.defaultCalendarId = 'holidays';
          const [first] = playbook.handoffPoints.sales_to_cs.exitCriteria;
          if (first) first.rule = { kind: 'filled', field: 'customer.shoeSize' };
        }),
      );
      const notJson = await service.call('PUT', '/v1/playbook', team.tokens.admin, '{"schemaVersion": 1,');

      expect(shapeWrong.status).toBe(400);
      expectErrorShape(shapeWrong.body, 'invalid_playbook');
      expect(shapeWrong.body.error.issues.map((issue: { path: string }) => issue.path)).toEqual(
        expect.arrayContaining(['calendars', 'version']),
      );
      expect(referencesWrong.status).toBe(400);
      expect(referencesWrong.body.error.issues).toEqual(
        expect.arrayContaining([
          { path: 'defaultCalendarId', message: expect.stringContaining('holidays') },
          {
            path: 'handoffPoints.sales_to_cs.exitCriteria[0].rule.field',
            message: expect.stringContaining('customer.shoeSize'),
          },
        ]),
      );
      expect(notJson.status).toBe(400);
      expectErrorShape(notJson.body, 'invalid_json');
      expect((await ok(service, 'GET', '/v1/playbook', team.tokens.admin)).version).toBe(1);
    });
  });

  describe('POST /v1/users', () => {
    it("creates a user in the admin's workspace and shows its working token once", async () => {
      const response = await service.call('POST', '/v1/users', ws.tokens.admin, {
        email: 'Casey.New@AdminCo.example',
        name: 'Casey New',
        role: 'csm',
        teams: ['cs'],
      });

      expect(response.status).toBe(201);
      const created = CreatedUser.parse(response.body);
      expect(Object.keys(response.body).sort()).toEqual(['id', 'token']);
      expect(created.token).toMatch(/^bt_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
      const me = Me.parse(await ok(service, 'GET', '/v1/me', created.token));
      expect(me).toEqual({
        user: { id: created.id, email: 'casey.new@adminco.example', name: 'Casey New', role: 'csm' },
        workspace: { id: ws.id, name: 'Admin Co' },
        teams: [{ id: 'cs', name: 'Customer Success', function: 'customer_success', manages: false }],
      });
      // The new CSM can work right away.
      expectApplied(await syncClient(service, created.token).push([create(newId(), opportunity())]));
      // Only a hash of the secret is kept.
      const secret = created.token.slice(-43);
      const rows = await db().query<{ secret_hash: Uint8Array }>(
        'SELECT secret_hash FROM tokens WHERE id = $1',
        [created.token.slice(3, 15)],
      );
      expect(Buffer.from(rows[0]?.secret_hash ?? [])).toEqual(createHash('sha256').update(secret).digest());
      const stored = await db().query<{ found: number }>(
        `SELECT count(*)::int AS found FROM tokens WHERE encode(secret_hash, 'escape') LIKE '%' || $1 || '%'`,
        [secret],
      );
      expect(stored[0]?.found).toBe(0);
    });

    it('creates a manager of the teams named', async () => {
      const created = await ok(service, 'POST', '/v1/users', ws.tokens.admin, {
        email: 'morgan@adminco.example',
        name: 'Morgan Manager',
        role: 'manager',
        teams: [],
        manages: ['sales', 'cs'],
      });

      const me = Me.parse(await ok(service, 'GET', '/v1/me', created.token));
      expect(me.teams.map((team) => [team.id, team.manages])).toEqual([
        ['cs', true],
        ['sales', true],
      ]);
    });

    it('refuses everyone but admins, duplicate emails, unknown teams and invalid users', async () => {
      const valid = { email: 'pat@adminco.example', name: 'Pat Rep', role: 'rep', teams: ['sales'] };
      for (const role of ['rep', 'salesManager', 'csManager', 'support'] as const) {
        const refused = await service.call('POST', '/v1/users', ws.tokens[role], valid);
        expect(refused.status).toBe(403);
        expectErrorShape(refused.body, 'forbidden');
      }
      expect((await service.call('POST', '/v1/users', ws.tokens.admin, valid)).status).toBe(201);

      const duplicate = await service.call('POST', '/v1/users', ws.tokens.admin, {
        ...valid,
        email: 'PAT@adminco.example',
      });
      const unknownTeam = await service.call('POST', '/v1/users', ws.tokens.admin, {
        ...valid,
        email: 'quinn@adminco.example',
        teams: ['sales', 'partnerships'],
      });
      const invalid = await service.call('POST', '/v1/users', ws.tokens.admin, {
        email: 'not an email',
        name: '',
        role: 'overlord',
        teams: 'sales',
      });
      const repManaging = await service.call('POST', '/v1/users', ws.tokens.admin, {
        ...valid,
        email: 'robin@adminco.example',
        manages: ['sales'],
      });

      expect(duplicate.status).toBe(409);
      expectErrorShape(duplicate.body, 'user_exists');
      expect(unknownTeam.status).toBe(400);
      expectErrorShape(unknownTeam.body, 'unknown_team');
      expect(unknownTeam.body.error.issues).toEqual([
        { path: 'teams', message: expect.stringContaining('partnerships') },
      ]);
      expect(invalid.status).toBe(400);
      expectErrorShape(invalid.body, 'invalid_request');
      expect(invalid.body.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
        'email',
        'name',
        'role',
        'teams',
      ]);
      expect(repManaging.status).toBe(400);
      expect(repManaging.body.error.issues).toEqual([{ path: 'manages', message: expect.any(String) }]);
      const emails = await db().query<{ email: string }>(
        "SELECT email FROM users WHERE workspace_id = $1 AND email LIKE '%@adminco.example' ORDER BY email",
        [ws.id],
      );
      expect(emails.map((row) => row.email)).not.toContain('quinn@adminco.example');
      expect(emails.map((row) => row.email)).not.toContain('robin@adminco.example');
      expect(emails.filter((row) => row.email === 'pat@adminco.example')).toHaveLength(1);
    });
  });
});
