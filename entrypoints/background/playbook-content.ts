import { sharedDatabase } from '@/lib/db/database';
import { readSetting, writeSetting } from '@/lib/db/settings';
import { type ApiClient, ApiRequestError, createApiClient } from '@/lib/device-sync/api-client';
import type { ContentAnswer, ContentSaveAnswer } from '@/lib/page-messages';

/**
 * The options page's content editor: it reads and saves the playbook's adoption content here, where the
 * token is, so the page itself never calls the API.
 */

const signInFirst = 'Sign in to change the adoption content.';

async function connectedClient(): Promise<ApiClient | null> {
  const connection = await readSetting(sharedDatabase(), 'connection');
  return connection
    ? createApiClient({ ...connection, transport: (input, init) => fetch(input, init) })
    : null;
}

function problemOf(error: unknown): string {
  if (!(error instanceof ApiRequestError)) return `Something went wrong: ${String(error)}`;
  if (error.kind === 'offline') return 'Cannot reach the API. Check your connection and try again.';
  if (error.kind === 'unauthorized') return 'The API no longer accepts your token: sign in again.';
  if (error.status === 403) return 'Only marketers and admins change the adoption content.';
  return `The API refused: ${error.message}`;
}

/** The content as the API holds it now, not as this device last synced it. */
export async function contentOf(): Promise<ContentAnswer> {
  const client = await connectedClient();
  if (!client) return { ok: false, problem: signInFirst };
  try {
    return { ok: true, content: (await client.playbook()).content };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

/** Saves the content; the playbook this device keeps takes it at once, so open panels show it. */
export async function saveContent(content: unknown[]): Promise<ContentSaveAnswer> {
  const client = await connectedClient();
  if (!client) return { ok: false, problem: signInFirst, issues: [] };
  try {
    const playbook = await client.saveContent(content);
    const db = sharedDatabase();
    const session = await readSetting(db, 'session');
    if (session) await writeSetting(db, 'session', { ...session, playbook });
    return { ok: true, content: playbook.content };
  } catch (error) {
    const issues = error instanceof ApiRequestError ? error.issues : [];
    return { ok: false, problem: problemOf(error), issues };
  }
}
