// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { startPageRouter } from '../../entrypoints/background/page-router';
import type { SyncControl } from '../../entrypoints/background/sync';
import { Options } from '../../entrypoints/options/Options';
import type { Me } from '../../lib/api';
import { sharedDatabase } from '../../lib/db/database';
import { readSetting } from '../../lib/db/settings';
import { signOutAndErase } from '../../lib/device-sync/sign-in';
import type { Directory } from '../../lib/directory';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';

configure({ asyncUtilTimeout: 3000 });

/**
 * The options page as the browser runs it: the real page, talking to the real background page router (in
 * this process, through WXT's fake browser), which keeps the account in fake-indexeddb. The API is faked at
 * the background's `fetch`; the sync engine is left out (test/unit/sync-background.test.ts covers it).
 */

const apiUrl = 'https://baton.test';
const goodToken = 'bt_rae_good';

const rae: Me = {
  user: { id: 'u-rae', email: 'rae@acme.example', name: 'Rae Rep', role: 'rep' },
  workspace: { id: '0190c6a4-7d2e-7b5a-9f1e-3c4d5e6f7a8b', name: 'Acme Corp' },
  teams: [
    { id: 'sales', name: 'Sales', function: 'sales', manages: false },
    { id: 'cs', name: 'Customer Success', function: 'customer_success', manages: true },
  ],
};

const optionsPage: Runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'chrome-extension://baton/options.html',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const directory: Directory = {
  teams: rae.teams.map(({ id, name, function: work }) => ({ id, name, function: work })),
  people: [{ ...rae.user, teams: rae.teams.map(({ id, manages }) => ({ id, manages })) }],
  eventSources: [],
};

/** The API's three sign-in routes, for one good token; every request is recorded with its token. */
function fakeApi() {
  const requests: Array<{ url: string; authorization: string | null }> = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const authorization = new Headers(init.headers).get('authorization');
    requests.push({ url, authorization });
    if (authorization !== `Bearer ${goodToken}`)
      return json(401, { error: { code: 'unauthorized', message: 'invalid token', issues: [] } });
    const { pathname } = new URL(url);
    if (pathname === '/v1/me') return json(200, rae);
    if (pathname === '/v1/playbook') return json(200, defaultPlaybook);
    if (pathname === '/v1/directory') return json(200, directory);
    return json(404, { error: { code: 'not_found', message: 'no such route', issues: [] } });
  });
  return { fetch, requests };
}

let api: ReturnType<typeof fakeApi>;
/** Origins the person allowed, as match patterns; `allow` is what they answer the next prompt. */
let permitted: Set<string>;
let allow: boolean;
let requestPermission: ReturnType<typeof vi.fn<typeof fakeBrowser.permissions.request>>;
let sync: { request: ReturnType<typeof vi.fn<SyncControl['request']>> };
/** What happens elsewhere (a panel saving) just before the background receives the page's next message. */
let meanwhile: ((messageType: string) => Promise<void>) | null;

beforeEach(async () => {
  fakeBrowser.reset();
  await signOutAndErase(sharedDatabase());
  api = fakeApi();
  vi.stubGlobal('fetch', api.fetch);
  permitted = new Set();
  allow = true;
  requestPermission = vi.fn<typeof fakeBrowser.permissions.request>(async ({ origins, permissions }) => {
    if (allow) for (const wanted of [...(origins ?? []), ...(permissions ?? [])]) permitted.add(wanted);
    return allow;
  });
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(requestPermission);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins, permissions }) =>
    [...(origins ?? []), ...(permissions ?? [])].every((wanted) => permitted.has(wanted)),
  );
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins, permissions }) => {
    for (const wanted of [...(origins ?? []), ...(permissions ?? [])]) permitted.delete(wanted);
    return true;
  });
  meanwhile = null;
  // The fake browser delivers a message with an empty sender; the real one names the options page.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    await meanwhile?.((message as { type: string }).type);
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, optionsPage);
    return answers.find((answer) => answer !== undefined);
  });
  sync = { request: vi.fn() };
  startPageRouter({
    ...sync,
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

/** The sign-in form's fields and button, found by their labels and role. */
async function signInForm() {
  const url = await screen.findByRole('textbox', { name: 'API URL' });
  return {
    url: url as HTMLInputElement,
    token: screen.getByLabelText('Token') as HTMLInputElement,
    submit: screen.getByRole('button', { name: 'Sign in' }),
  };
}

async function signInWith(url: string, token: string) {
  const form = await signInForm();
  if (!form.url.readOnly) fireEvent.input(form.url, { target: { value: url } });
  fireEvent.input(form.token, { target: { value: token } });
  fireEvent.click(form.submit);
}

/** Nothing of an account kept anywhere: not in IndexedDB, not in the extension's storage areas. */
async function expectNothingKept() {
  expect(await readSetting(sharedDatabase(), 'connection')).toBeUndefined();
  expect(await readSetting(sharedDatabase(), 'session')).toBeUndefined();
  expect(await fakeBrowser.storage.local.get()).toEqual({});
  expect(await fakeBrowser.storage.session.get()).toEqual({});
  // A sign-in that failed gives back the permission it asked for.
  expect([...permitted]).toEqual([]);
}

/** Changes saved on this device that have not reached the API, after those already waiting. */
async function pendingChanges(count: number) {
  const newest = (await sharedDatabase().outbox.orderBy('id').last())?.id ?? 0;
  await sharedDatabase().outbox.bulkAdd(
    Array.from({ length: count }, (_, index) => ({
      id: newest + index + 1,
      name: 'setField' as const,
      args: {},
      createdAt: new Date().toISOString(),
      packetId: crypto.randomUUID(),
    })),
  );
}

/** What the person answers the browser's confirm dialog (happy-dom has none), recording the questions. */
function confirmAnswering(answer: boolean) {
  const confirm = vi.fn((_question: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

/** Signs in through the page and waits for the account to show. */
async function signedIn() {
  render(<Options />);
  await signInWith(apiUrl, goodToken);
  await screen.findByRole('heading', { name: 'Signed in' });
}

describe('the options page, signed out', () => {
  it('says Baton works in local-only mode until an API is set, and offers the fields to set one', async () => {
    render(<Options />);
    await screen.findByRole('heading', { name: "Sign in to your team's API" });
    expect(screen.getByText(/works in local-only mode: drafts stay on this device/)).toBeTruthy();
    const { url, token, submit } = await signInForm();
    expect(url.value).toBe('');
    expect(url.readOnly).toBe(false);
    expect(token.type).toBe('password');
    expect(submit).toBeTruthy();
    expect(screen.queryByText('Set by your administrator.')).toBeNull();
  });

  it('asks for the origin alone when the person does not want notifications, and can turn them on later', async () => {
    render(<Options />);
    const { url, token, submit } = await signInForm();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tell me when a handoff needs me' }));
    fireEvent.input(url, { target: { value: apiUrl } });
    fireEvent.input(token, { target: { value: goodToken } });
    fireEvent.click(submit);

    const account = await screen.findByRole('region', { name: 'Signed in' });
    expect(requestPermission).toHaveBeenCalledWith({ origins: [`${apiUrl}/*`], permissions: [] });
    fireEvent.click(await within(account).findByRole('button', { name: 'Turn on' }));
    await within(account).findByRole('button', { name: 'Turn off' });
    expect(requestPermission).toHaveBeenLastCalledWith({ permissions: ['notifications'] });
    expect(permitted.has('notifications')).toBe(true);
  });

  it('signs in with a good token: asks for that origin (and notifications), shows who, the workspace and teams', async () => {
    render(<Options />);
    await signInWith(`${apiUrl}/`, goodToken);

    const account = await screen.findByRole('region', { name: 'Signed in' });
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(requestPermission).toHaveBeenCalledWith({
      origins: [`${apiUrl}/*`],
      permissions: ['notifications'],
    });
    const shown = within(account);
    expect(shown.getByText('Rae Rep (rae@acme.example), rep')).toBeTruthy();
    expect(shown.getByText('Acme Corp')).toBeTruthy();
    expect(shown.getByText('Sales, Customer Success (manager)')).toBeTruthy();
    expect(shown.getByText(apiUrl)).toBeTruthy();
    expect(sync.request).toHaveBeenCalledWith('signed-in');
    // The token went to the API and nowhere else, and no field holds it any more.
    expect(api.requests.map(({ url }) => new URL(url).origin)).toEqual([apiUrl, apiUrl, apiUrl]);
    expect([...document.querySelectorAll('input')].map((input) => input.value)).not.toContain(goodToken);
  });

  it("keeps the token in the extension origin's IndexedDB, not in storage.local or storage.session", async () => {
    await signedIn();
    expect(await readSetting(sharedDatabase(), 'connection')).toEqual({ url: apiUrl, token: goodToken });
    expect(await readSetting(sharedDatabase(), 'session')).toMatchObject({ me: rae });
    const areas = [await fakeBrowser.storage.local.get(), await fakeBrowser.storage.session.get()];
    expect(JSON.stringify(areas)).not.toContain(goodToken);
  });

  it('says a token the API refuses should be checked with the admin, and keeps nothing', async () => {
    render(<Options />);
    await signInWith(apiUrl, 'bt_rae_revoked');
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe('The API did not accept this token. Check it with your Baton admin.');
    expect(screen.queryByRole('heading', { name: 'Signed in' })).toBeNull();
    await expectNothingKept();
  });

  it('says an API it cannot reach is to be checked, URL and connection, and keeps nothing', async () => {
    api.fetch.mockRejectedValue(new TypeError('Failed to fetch'));
    render(<Options />);
    await signInWith(apiUrl, goodToken);
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe(`Cannot reach ${apiUrl}. Check the URL and your connection.`);
    await expectNothingKept();
  });

  it.each([
    ['no scheme', 'baton.example.com'],
    ['not http(s)', 'ftp://baton.example.com'],
    ['not a URL at all', 'https://'],
  ])(
    'asks for an API address like the example when given one with %s, and asks nothing of anyone',
    async (_, url) => {
      render(<Options />);
      await signInWith(url, goodToken);
      const problem = await screen.findByRole('alert');
      expect(problem.textContent).toBe('Enter the API address, such as https://baton.example.com.');
      expect(requestPermission).not.toHaveBeenCalled();
      expect(api.fetch).not.toHaveBeenCalled();
      await expectNothingKept();
    },
  );

  it('asks for the token when given none but spaces, and asks nothing of anyone', async () => {
    render(<Options />);
    await signInWith(apiUrl, '   ');
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe('Enter your token: your Baton admin gives you one.');
    expect(requestPermission).not.toHaveBeenCalled();
    expect(api.fetch).not.toHaveBeenCalled();
    await expectNothingKept();
  });

  it('says Baton needs the permission when the person declines it, and sends the token nowhere', async () => {
    allow = false;
    render(<Options />);
    await signInWith(apiUrl, goodToken);
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe(`Baton needs your permission to reach ${apiUrl}.`);
    expect(api.fetch).not.toHaveBeenCalled();
    await expectNothingKept();
  });
});

describe('the options page, with an API URL preset by the administrator', () => {
  const managedUrl = 'https://baton.acme.example';

  it('shows the managed URL, read-only, and signs in to it with the token alone', async () => {
    await fakeBrowser.storage.managed.set({ apiUrl: ` ${managedUrl} ` });
    render(<Options />);
    const { url } = await signInForm();
    await waitFor(() => expect(url.value).toBe(managedUrl));
    expect(url.readOnly).toBe(true);
    expect(screen.getByText('Set by your administrator.')).toBeTruthy();

    await signInWith('https://ignored.example', goodToken);
    const account = await screen.findByRole('region', { name: 'Signed in' });
    expect(requestPermission).toHaveBeenCalledWith({
      origins: [`${managedUrl}/*`],
      permissions: ['notifications'],
    });
    expect(within(account).getByText(managedUrl)).toBeTruthy();
  });

  it('leaves the URL to the person when the browser has no managed storage', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    render(<Options />);
    const { url } = await signInForm();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(url.readOnly).toBe(false);
    expect(screen.queryByText('Set by your administrator.')).toBeNull();
  });
});

describe('labels and roles', () => {
  it('finds each field by its label and each action by its name', async () => {
    render(<Options />);
    const { url, token, submit } = await signInForm();
    expect(screen.getByLabelText('API URL')).toBe(url);
    expect(token.autocomplete).toBe('off');
    expect(submit.closest('form')).toBe(url.closest('form'));
  });

  it('names the fields for a new token, prefilled with the API in use, once signed in', async () => {
    await signedIn();
    const again = screen.getByRole('group');
    expect(within(again).getByText('Sign in again with a new token')).toBeTruthy();
    expect((within(again).getByRole('textbox', { name: 'API URL' }) as HTMLInputElement).value).toBe(apiUrl);
    expect((within(again).getByLabelText('Token') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it("announces that Baton's background cannot be reached", async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(
      new Error('Receiving end does not exist.'),
    );
    render(<Options />);
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe(
      "Could not reach Baton's background: Error: Receiving end does not exist.",
    );
  });
});

describe('signing out', () => {
  it('asks with the count of changes not yet at the API; declining keeps the account and the changes', async () => {
    await signedIn();
    await pendingChanges(2);
    const confirm = confirmAnswering(false);

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    expect(confirm.mock.calls[0]?.[0]).toMatch(/^2 changes have not reached the API yet and will be lost\./);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByRole('heading', { name: 'Signed in' })).toBeTruthy();
    expect(await sharedDatabase().outbox.count()).toBe(2);
    expect(await readSetting(sharedDatabase(), 'connection')).toEqual({ url: apiUrl, token: goodToken });
    expect(permitted).toEqual(new Set([`${apiUrl}/*`, 'notifications']));
  });

  it('erases the token, the pending changes and the permission once the person accepts', async () => {
    await signedIn();
    await pendingChanges(1);
    const confirm = confirmAnswering(true);

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { name: "Sign in to your team's API" });
    expect(confirm.mock.calls[0]?.[0]).toMatch(/^1 change has not reached the API yet and will be lost\./);
    expect(await sharedDatabase().outbox.count()).toBe(0);
    await expectNothingKept();
    expect(permitted.size).toBe(0);
  });

  it('signs out without asking when every change is at the API', async () => {
    await signedIn();
    const confirm = confirmAnswering(false);

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { name: "Sign in to your team's API" });
    expect(confirm).not.toHaveBeenCalled();
    await expectNothingKept();
  });

  it('asks again, with the new count, when a panel saved a change while the person was being asked', async () => {
    await signedIn();
    await pendingChanges(1);
    const confirm = vi.fn((_question: string) => confirm.mock.calls.length === 1);
    vi.stubGlobal('confirm', confirm);
    meanwhile = async (messageType) => {
      if (messageType === 'account:sign-out' && confirm.mock.calls.length === 1) await pendingChanges(1);
    };

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(2));
    expect(confirm.mock.calls.map(([question]) => question.split('.')[0])).toEqual([
      '1 change has not reached the API yet and will be lost',
      '2 changes have not reached the API yet and will be lost',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByRole('heading', { name: 'Signed in' })).toBeTruthy();
    expect(await sharedDatabase().outbox.count()).toBe(2);
    expect(await readSetting(sharedDatabase(), 'connection')).toEqual({ url: apiUrl, token: goodToken });
  });

  it('asks again when, while the person was being asked, one change reached the API and another was saved', async () => {
    await signedIn();
    await pendingChanges(1);
    const confirm = confirmAnswering(true);
    meanwhile = async (messageType) => {
      if (messageType !== 'account:sign-out' || confirm.mock.calls.length !== 1) return;
      // Mutation ids only grow: the new change is number 2 though number 1 has left the outbox.
      await pendingChanges(1);
      await sharedDatabase().outbox.delete(1);
    };

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { name: "Sign in to your team's API" });
    // The same count both times, but the second question is about a change the first did not cover.
    expect(confirm.mock.calls.map(([question]) => question.split('.')[0])).toEqual([
      '1 change has not reached the API yet and will be lost',
      '1 change has not reached the API yet and will be lost',
    ]);
  });

  it('asks after all when a change is saved between finding none pending and signing out', async () => {
    await signedIn();
    const confirm = confirmAnswering(true);
    meanwhile = async (messageType) => {
      if (messageType === 'account:sign-out' && confirm.mock.calls.length === 0) await pendingChanges(1);
    };

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { name: "Sign in to your team's API" });
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm.mock.calls[0]?.[0]).toMatch(/^1 change has not reached the API yet/);
    expect(await sharedDatabase().outbox.count()).toBe(0);
  });
});
