import { beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '../../lib/directory';
import { type Api, api, type SeededWorkspace, seedWorkspace } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import { fakeDatabase } from './support/fake-database';
import { expectErrorShape, ok } from './support/handoffs';

describeOnEachDatabase('GET /v1/directory', (db) => {
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    ws = await seedWorkspace(db(), 'Directory Co');
    other = await seedWorkspace(db(), 'Elsewhere Co');
    service = api(db());
  });

  it("gives every member the workspace's teams and people by name, email, role and teams", async () => {
    for (const reader of ['rep', 'csm', 'support', 'admin'] as const) {
      const directory = Directory.parse(await ok(service, 'GET', '/v1/directory', ws.tokens[reader]));

      expect(directory.teams).toEqual([
        { id: 'cs', name: 'Customer Success', function: 'customer_success' },
        { id: 'marketing', name: 'Marketing', function: 'marketing' },
        { id: 'sales', name: 'Sales', function: 'sales' },
        { id: 'support', name: 'Support', function: 'support' },
      ]);
      expect(directory.people.map((person) => person.name)).toEqual([
        'Ada Admin',
        'Cass CSM',
        'Cleo CS-Manager',
        'Mia Marketer',
        'Otto Rep',
        'Rae Rep',
        'Sam Sales-Manager',
        'Sol Support',
      ]);
      expect(directory.people.find((person) => person.id === ws.userIds.rep)).toEqual({
        id: ws.userIds.rep,
        name: 'Rae Rep',
        email: 'rep@directoryco.example',
        role: 'rep',
        teams: [{ id: 'sales', manages: false }],
      });
      expect(directory.people.find((person) => person.id === ws.userIds.csManager)?.teams).toEqual([
        { id: 'cs', manages: true },
      ]);
      expect(directory.people.find((person) => person.id === ws.userIds.admin)?.teams).toEqual([]);
    }
  });

  it("never shows another workspace's people, teams or event sources", async () => {
    const elsewhere = await ok(service, 'POST', '/v1/event-sources', other.tokens.admin, {
      name: 'Elsewhere Flow',
    });
    const ours = JSON.stringify(await ok(service, 'GET', '/v1/directory', ws.tokens.rep));
    const theirs = Directory.parse(await ok(service, 'GET', '/v1/directory', other.tokens.rep));

    for (const id of Object.values(other.userIds)) expect(ours).not.toContain(id);
    expect(ours).not.toContain('elsewhereco.example');
    expect(ours).not.toContain(elsewhere.id);
    expect(theirs.people.map((person) => person.id).sort()).toEqual(Object.values(other.userIds).sort());
    expect(theirs.eventSources).toEqual([{ id: elsewhere.id, name: 'Elsewhere Flow' }]);
  });

  it('names the CRM event sources, revoked ones too, and never their secrets', async () => {
    const team = await seedWorkspace(db(), 'Sources Co');
    const flow = await ok(service, 'POST', '/v1/event-sources', team.tokens.admin, {
      name: 'Salesforce Flow',
    });
    const old = await ok(service, 'POST', '/v1/event-sources', team.tokens.admin, { name: 'Old Zap' });
    await ok(service, 'DELETE', `/v1/event-sources/${old.id}`, team.tokens.admin);

    const body = await ok(service, 'GET', '/v1/directory', team.tokens.csm);

    expect(Directory.parse(body).eventSources).toEqual([
      { id: flow.id, name: 'Salesforce Flow' },
      { id: old.id, name: 'Old Zap' },
    ]);
    expect(JSON.stringify(body)).not.toContain(flow.secret);
    expect(body.eventSources[0]).toEqual({ id: flow.id, name: 'Salesforce Flow' });
  });

  it('answers 401 without a valid token', async () => {
    for (const token of [null, 'bt_nope_nope']) {
      const refused = await service.call('GET', '/v1/directory', token);
      expect(refused.status).toBe(401);
      expectErrorShape(refused.body, 'unauthorized');
    }
  });
});

describe('the directory in the API contract', () => {
  it('is documented from the schema that shapes it', async () => {
    const { app } = api(fakeDatabase());
    const document = await (await app.request('/v1/openapi.json')).json();
    const schema = document.paths['/v1/directory'].get.responses['200'].content['application/json'].schema;

    expect(schema.required).toEqual(['teams', 'people', 'eventSources']);
    expect(schema.properties.people.items.required).toEqual(['id', 'name', 'email', 'role', 'teams']);
  });
});
