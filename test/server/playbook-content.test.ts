import { beforeAll, describe, expect, it } from 'vitest';
import { type ContentItem, PlaybookShape } from '../../lib/handoff/playbook';
import { createApp } from '../../server/app';
import { type Api, api, seedWorkspace } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import { fakeDatabase } from './support/fake-database';
import { expectErrorShape, ok, playbookWith } from './support/handoffs';

const guide: ContentItem = {
  id: 'reporting-quickstart',
  title: 'Reporting quick start',
  url: 'https://help.example.com/reporting',
  useCases: ['Reporting'],
};
const webinar: ContentItem = {
  id: 'forecast-webinar',
  title: 'Forecasting webinar',
  url: 'https://events.example.com/forecasting',
  useCases: ['Forecasting', 'Reporting'],
};

describeOnEachDatabase('PUT /v1/playbook/content', (db) => {
  let service: Api;

  beforeAll(() => {
    service = api(db());
  });

  describe('who may change it', () => {
    it('lets a marketer and an admin replace the content, each save a new playbook version', async () => {
      const team = await seedWorkspace(db(), 'Content Co');
      const saved = await ok(service, 'PUT', '/v1/playbook/content', team.tokens.marketer, [guide]);
      const again = await ok(service, 'PUT', '/v1/playbook/content', team.tokens.admin, [guide, webinar]);
      const read = PlaybookShape.parse(await ok(service, 'GET', '/v1/playbook', team.tokens.rep));

      expect(saved).toMatchObject({ version: 2, content: [guide] });
      expect(again).toMatchObject({ version: 3 });
      expect(read.content).toEqual([guide, webinar]);
      expect(read.version).toBe(3);
    });

    it('refuses every other role with 403 and keeps the content', async () => {
      const team = await seedWorkspace(db(), 'Refused Content Co');
      for (const role of ['rep', 'csm', 'salesManager', 'csManager', 'support'] as const) {
        const refused = await service.call('PUT', '/v1/playbook/content', team.tokens[role], [guide]);
        expect(refused.status, role).toBe(403);
        expectErrorShape(refused.body, 'forbidden');
      }
      const read = PlaybookShape.parse(await ok(service, 'GET', '/v1/playbook', team.tokens.admin));
      expect(read.version).toBe(1);
      expect(read.content).not.toContainEqual(guide);
    });

    it('answers 401 without a token', async () => {
      const refused = await service.call('PUT', '/v1/playbook/content', null, [guide]);
      expect(refused.status).toBe(401);
    });
  });

  describe('what it keeps', () => {
    it('changes only the content: criteria, SLAs and templates stay as the admin saved them', async () => {
      const team = await seedWorkspace(db(), 'Kept Co');
      const renamed = playbookWith((playbook) => {
        playbook.name = 'Kept handoffs';
        playbook.handoffPoints.sales_to_cs.exitCriteria = [];
      });
      await ok(service, 'PUT', '/v1/playbook', team.tokens.admin, renamed);
      const saved = PlaybookShape.parse(
        await ok(service, 'PUT', '/v1/playbook/content', team.tokens.marketer, [webinar]),
      );

      expect(saved).toEqual({ ...renamed, version: 3, content: [webinar] });
    });

    it('takes turns with concurrent saves: each becomes its own version, none lost', async () => {
      const team = await seedWorkspace(db(), 'Busy Co');
      const items = Array.from({ length: 4 }, (_, index) => ({ ...guide, id: `guide-${index}` }));
      const answers = await Promise.all(
        items.map((item) => service.call('PUT', '/v1/playbook/content', team.tokens.marketer, [item])),
      );

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(answers.map((answer) => answer.body.version).sort()).toEqual([2, 3, 4, 5]);
      const read = PlaybookShape.parse(await ok(service, 'GET', '/v1/playbook', team.tokens.rep));
      expect(read.version).toBe(5);
    });

    it('keeps each workspace its own content', async () => {
      const one = await seedWorkspace(db(), 'One Co');
      const two = await seedWorkspace(db(), 'Two Co');
      await ok(service, 'PUT', '/v1/playbook/content', one.tokens.marketer, [guide]);

      const other = PlaybookShape.parse(await ok(service, 'GET', '/v1/playbook', two.tokens.marketer));
      expect(other.version).toBe(1);
      expect(other.content).not.toContainEqual(guide);
    });
  });

  describe('bad input', () => {
    it('refuses an invalid item with 400 naming its path, and keeps the current content', async () => {
      const team = await seedWorkspace(db(), 'Typo Co');
      const refused = await service.call('PUT', '/v1/playbook/content', team.tokens.marketer, [
        guide,
        { id: 'Bad Id', title: '', url: 'javascript:alert(1)', useCases: [] },
      ]);

      expect(refused.status).toBe(400);
      expectErrorShape(refused.body, 'invalid_request');
      const paths = refused.body.error.issues.map((issue: { path: string }) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['[1].id', '[1].title', '[1].url', '[1].useCases']));
      expect((await ok(service, 'GET', '/v1/playbook', team.tokens.rep)).version).toBe(1);
    });

    it('refuses a body that is not a list, a repeated id, and text that is not JSON', async () => {
      const team = await seedWorkspace(db(), 'Shape Co');
      const notList = await service.call('PUT', '/v1/playbook/content', team.tokens.admin, { content: [] });
      const repeated = await service.call('PUT', '/v1/playbook/content', team.tokens.admin, [guide, guide]);
      const notJson = await service.call('PUT', '/v1/playbook/content', team.tokens.admin, '[{"id":');

      expect(notList.status).toBe(400);
      expectErrorShape(notList.body, 'invalid_request');
      expect(repeated.status).toBe(400);
      expectErrorShape(repeated.body, 'invalid_content');
      expect(repeated.body.error.issues).toEqual([
        { path: 'content', message: expect.stringContaining('reporting-quickstart') },
      ]);
      expect(notJson.status).toBe(400);
      expectErrorShape(notJson.body, 'invalid_json');
    });
  });
});

describe('PUT /v1/playbook/content in the API description', () => {
  it('is documented from the schema that validates it', async () => {
    const document = await (await createApp({ db: fakeDatabase() }).request('/v1/openapi.json')).json();
    const put = document.paths['/v1/playbook/content'].put;
    expect(put.requestBody.content['application/json'].schema.type).toBe('array');
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });
});
