// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { startPageRouter } from '../../entrypoints/background/page-router';
import { Options } from '../../entrypoints/options/Options';
import type { Me } from '../../lib/api';
import { sharedDatabase } from '../../lib/db/database';
import { readSetting, writeSetting } from '../../lib/db/settings';
import { signOutAndErase } from '../../lib/device-sync/sign-in';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { ContentItem, Playbook } from '../../lib/handoff/playbook';

configure({ asyncUtilTimeout: 3000 });

/**
 * The options page's adoption content editor, talking to the real background page router (through WXT's
 * fake browser), which calls an API faked at its `fetch`.
 */

const apiUrl = 'https://baton.test';
const token = 'bt_mia_good';
const optionsPage: Runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'chrome-extension://baton/options.html',
};
const guide: ContentItem = {
  id: 'reporting-quickstart',
  title: 'Reporting quick start',
  url: 'https://help.example.com/reporting',
  useCases: ['reporting', 'dashboards'],
};

function person(role: Me['user']['role']): Me {
  return {
    user: { id: 'u-1', email: 'mia@vendor.example', name: 'Mia Marketer', role },
    workspace: { id: '0190c6a4-7d2e-7b5a-9f1e-3c4d5e6f7a8b', name: 'Vendor' },
    teams: [],
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The API's playbook routes over one stored playbook; PUT refuses what is not an http(s) link. */
function fakeApi(role: Me['user']['role']) {
  let playbook: Playbook = { ...defaultPlaybook, content: [guide] };
  const puts: unknown[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const { pathname } = new URL(url);
    if (pathname === '/v1/playbook') return json(200, playbook);
    if (pathname === '/v1/playbook/content' && init.method === 'PUT') {
      const content = JSON.parse(String(init.body)) as ContentItem[];
      puts.push(content);
      if (role !== 'marketer' && role !== 'admin')
        return json(403, { error: { code: 'forbidden', message: 'only marketers and admins' } });
      const bad = content.findIndex((item) => !/^https?:\/\//.test(item.url));
      if (bad >= 0)
        return json(400, {
          error: {
            code: 'invalid_request',
            message: 'the content map is not valid',
            issues: [{ path: `[${bad}].url`, message: 'Invalid URL' }],
          },
        });
      playbook = { ...playbook, content, version: playbook.version + 1 };
      return json(200, playbook);
    }
    return json(404, { error: { code: 'not_found', message: 'no such route' } });
  });
  return { fetch, puts };
}

let api: ReturnType<typeof fakeApi>;

async function signedInAs(role: Me['user']['role']) {
  api = fakeApi(role);
  vi.stubGlobal('fetch', api.fetch);
  const db = sharedDatabase();
  await writeSetting(db, 'connection', { url: apiUrl, token });
  await writeSetting(db, 'session', {
    me: person(role),
    playbook: defaultPlaybook,
    refreshedAt: new Date().toISOString(),
  });
  render(<Options />);
  await screen.findByRole('heading', { name: 'Signed in' });
}

async function editor(): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { name: 'Adoption content' });
  const section = heading.closest('section') as HTMLElement;
  await within(section).findByRole('button', { name: 'Save content' });
  return section;
}

function fill(section: HTMLElement, label: string, index: number, value: string) {
  const input = within(section).getAllByLabelText(label)[index] as HTMLInputElement;
  fireEvent.input(input, { target: { value } });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await signOutAndErase(sharedDatabase());
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, optionsPage);
    return answers.find((answer) => answer !== undefined);
  });
  // The notifications setting beside the editor asks; the fake browser does not answer that itself.
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
  startPageRouter({
    request: vi.fn(),
    exclusive: (job) => job(),
    openRecord: () => {},
    search: async () => {},
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the adoption content editor', () => {
  it('shows the content as the API holds it, to a marketer', async () => {
    await signedInAs('marketer');
    const section = await editor();

    expect((within(section).getByLabelText('Title') as HTMLInputElement).value).toBe(guide.title);
    expect((within(section).getByLabelText('Link') as HTMLInputElement).value).toBe(guide.url);
    expect((within(section).getByLabelText('Use cases it helps with') as HTMLInputElement).value).toBe(
      'reporting, dashboards',
    );
  });

  it('adds an item with an id from its title, saves the map, and keeps it for the panels', async () => {
    await signedInAs('admin');
    const section = await editor();

    fireEvent.click(within(section).getByRole('button', { name: 'Add content' }));
    fill(section, 'Title', 1, 'Single sign-on: a setup guide');
    fill(section, 'Link', 1, 'https://help.example.com/sso');
    fill(section, 'Use cases it helps with', 1, ' SSO ,, user management ');
    fireEvent.click(within(section).getByRole('button', { name: 'Save content' }));

    await within(section).findByText('Saved: panels suggest it from now on.');
    const saved = [
      guide,
      {
        id: 'single-sign-on-a-setup-guide',
        title: 'Single sign-on: a setup guide',
        url: 'https://help.example.com/sso',
        useCases: ['SSO', 'user management'],
      },
    ];
    expect(api.puts).toEqual([saved]);
    expect(api.fetch.mock.calls.at(-1)?.[1]).toMatchObject({ method: 'PUT' });
    expect((await readSetting(sharedDatabase(), 'session'))?.playbook.content).toEqual(saved);
  });

  it('removes an item', async () => {
    await signedInAs('marketer');
    const section = await editor();

    fireEvent.click(within(section).getByRole('button', { name: `Remove ${guide.title}` }));
    fireEvent.click(within(section).getByRole('button', { name: 'Save content' }));

    await within(section).findByText('Saved: panels suggest it from now on.');
    expect(api.puts).toEqual([[]]);
  });

  it("says which item the API refused and why, and keeps the person's typing", async () => {
    await signedInAs('marketer');
    const section = await editor();

    fill(section, 'Link', 0, 'ftp://files.example.com/guide');
    fireEvent.click(within(section).getByRole('button', { name: 'Save content' }));

    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('the content map is not valid');
    expect(within(alert).getByRole('listitem').textContent).toBe('Item 1, url: Invalid URL');
    expect((within(section).getByLabelText('Link') as HTMLInputElement).value).toBe(
      'ftp://files.example.com/guide',
    );
    expect((await readSetting(sharedDatabase(), 'session'))?.playbook.content).toEqual(
      defaultPlaybook.content,
    );
  });

  it('is not offered to a rep', async () => {
    await signedInAs('rep');
    expect(screen.queryByRole('heading', { name: 'Adoption content' })).toBeNull();
    expect(api.fetch).not.toHaveBeenCalledWith(expect.stringContaining('/v1/playbook'), expect.anything());
  });
});
