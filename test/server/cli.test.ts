import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { createApp } from '../../server/app';
import { openPglite } from '../../server/db/connection';

const run = promisify(execFile);

describe('npm run baton (the CLI) on embedded PGlite', () => {
  let dataDir: string;
  const baton = async (...args: string[]) => {
    try {
      const { stdout } = await run('node', ['--import', 'tsx', 'server/cli.ts', ...args], {
        env: { ...process.env, BATON_DATA_DIR: dataDir, DATABASE_URL: '' },
      });
      return { code: 0, out: stdout.trim() };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: `${failed.stdout}${failed.stderr}`.trim() };
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sets up a company, a team and a user whose token the API accepts, then rotates it', async () => {
    const workspace = await baton('workspace', 'create', '--name', 'Acme');
    expect(workspace.code).toBe(0);
    const workspaceId = workspace.out.split('\n').pop() as string;
    expect(workspaceId).toMatch(/^[0-9a-f-]{36}$/);

    expect(
      (
        await baton(
          'team',
          'create',
          '--workspace',
          workspaceId,
          '--id',
          'cs',
          '--name',
          'CS',
          '--function',
          'customer_success',
        )
      ).code,
    ).toBe(0);
    const user = await baton(
      'user',
      'create',
      '--workspace',
      workspaceId,
      '--email',
      'kim@acme.example',
      '--name',
      'Kim',
      '--role',
      'manager',
      '--manages',
      'cs',
    );
    const token = /token \(shown once\): (\S+)/.exec(user.out)?.[1] as string;
    expect(token).toMatch(/^bt_/);

    const rotated = await baton('token', 'rotate', '--workspace', workspaceId, '--email', 'kim@acme.example');
    const newToken = /new token \(shown once\): (\S+)/.exec(rotated.out)?.[1] as string;
    expect(rotated.out).toContain('1 token(s) revoked');

    const db = await openPglite(dataDir);
    try {
      const app = createApp({ db });
      const me = (t: string) => app.request('/v1/me', { headers: { authorization: `Bearer ${t}` } });
      expect((await me(token)).status).toBe(401);
      const response = await me(newToken);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        user: { role: 'manager' },
        teams: [{ id: 'cs', manages: true }],
      });
    } finally {
      await db.close();
    }
  }, 60_000);

  it('refuses bad input with what is wrong, and exits 2', async () => {
    const bad = await baton(
      'user',
      'create',
      '--workspace',
      '00000000-0000-4000-8000-000000000000',
      '--email',
      'nope',
      '--name',
      'X',
      '--role',
      'king',
    );
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--email');
    expect(bad.out).toContain('--role');
    const notAnId = await baton('playbook', 'export', '--workspace', 'acme');
    expect(notAnId.code).toBe(2);
    expect(notAnId.out).toContain('--workspace');
    const unknown = await baton('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('Usage');
  }, 60_000);

  it('exports the playbook, refuses an invalid one by path, and imports a valid one as the next version', async () => {
    const workspaceId = (await baton('workspace', 'create', '--name', 'Playbooks')).out
      .split('\n')
      .pop() as string;
    const out = join(dataDir, 'playbook.json');
    expect((await baton('playbook', 'export', '--workspace', workspaceId, '--out', out)).code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8')).version).toBe(defaultPlaybook.version);

    const broken = structuredClone(defaultPlaybook) as { calendars: Array<{ timeZone: string }> };
    (broken.calendars[0] as { timeZone: string }).timeZone = 'Nowhere/Land';
    await writeFile(out, JSON.stringify(broken));
    const refused = await baton('playbook', 'import', '--workspace', workspaceId, '--file', out);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('calendars[0].timeZone');

    await writeFile(out, JSON.stringify(defaultPlaybook));
    expect((await baton('playbook', 'import', '--workspace', workspaceId, '--file', out)).out).toBe(
      'playbook stored as version 2',
    );
  }, 60_000);

  it('adds an event source whose secret signs events the API takes, lists it without the secret, and revokes it', async () => {
    const workspaceId = (await baton('workspace', 'create', '--name', 'Events')).out
      .split('\n')
      .pop() as string;
    const added = await baton(
      'event-source',
      'add',
      '--workspace',
      workspaceId,
      '--name',
      'HubSpot workflow',
    );
    expect(added.code).toBe(0);
    const id = /event source (es_\S+)/.exec(added.out)?.[1] as string;
    const secret = /secret \(shown once\): (\S+)/.exec(added.out)?.[1] as string;
    expect(secret).toMatch(/^bsk_/);
    const listed = await baton('event-source', 'list', '--workspace', workspaceId);
    expect(listed.out).toContain(`${id}  HubSpot workflow`);
    expect(listed.out).not.toContain(secret);

    const send = async () => {
      const db = await openPglite(dataDir);
      try {
        const body = JSON.stringify({
          id: `cli-${Date.now()}`,
          type: 'stage_changed',
          occurredAt: new Date().toISOString(),
          record: { system: 'hubspot', instance: '1234', objectKind: 'opportunity', id: '42' },
          stage: 'closedwon',
        });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
        const response = await createApp({ db }).request('/v1/events', {
          method: 'POST',
          headers: {
            'x-baton-source': id,
            'x-baton-timestamp': timestamp,
            'x-baton-signature': `v1=${signature}`,
          },
          body,
        });
        return response.status;
      } finally {
        await db.close();
      }
    };
    expect(await send()).toBe(201);
    expect((await baton('event-source', 'revoke', '--id', id)).out).toContain(`event source ${id} revoked`);
    expect(await send()).toBe(401);
    expect((await baton('event-source', 'list', '--workspace', workspaceId)).out).toContain('revoked');
    expect((await baton('event-source', 'revoke', '--id', 'es_nosuchsource')).code).toBe(2);
  }, 60_000);

  it('adds a webhook (its secret shown once), lists it, shows its log, refuses a bad URL and removes it', async () => {
    const workspaceId = (await baton('workspace', 'create', '--name', 'Hooks')).out
      .split('\n')
      .pop() as string;
    const url = 'https://hooks.slack.com/services/T000/B000/XXXX';
    const added = await baton(
      'webhook',
      'add',
      '--workspace',
      workspaceId,
      '--url',
      url,
      '--events',
      'submitted,accepted',
    );
    expect(added.code).toBe(0);
    const id = /^webhook (\S+)$/m.exec(added.out)?.[1] as string;
    expect(added.out).toMatch(/^signing secret \(shown once\): whsec_\S+$/m);

    const listed = await baton('webhook', 'list', '--workspace', workspaceId);
    expect(listed.out).toBe(`${id}  ${url}  submitted,accepted`);
    expect(listed.out).not.toContain('whsec_');
    expect((await baton('webhook', 'deliveries', '--workspace', workspaceId, '--id', id)).out).toBe(
      'no deliveries',
    );

    const bad = await baton('webhook', 'add', '--workspace', workspaceId, '--url', 'ftp://files.example');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--url: must be an http or https URL');

    expect((await baton('webhook', 'remove', '--workspace', workspaceId, '--id', id)).out).toBe(
      `webhook ${id} removed`,
    );
    const gone = await baton('webhook', 'remove', '--workspace', workspaceId, '--id', id);
    expect(gone.code).toBe(2);
    expect(gone.out).toContain('no such webhook');
  }, 120_000);
});
