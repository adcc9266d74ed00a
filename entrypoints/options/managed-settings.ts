/**
 * The API URL an administrator preset through enterprise policy (Chrome: managed storage with the schema in
 * public/managed-schema.json), or null. Browsers without such a policy reject the read: no preset then.
 * Checked by hand rather than with Zod, which would otherwise join the chunk this page shares with the panel.
 */
export async function managedApiUrl(): Promise<string | null> {
  try {
    const { apiUrl } = await browser.storage.managed.get('apiUrl');
    return typeof apiUrl === 'string' && apiUrl.trim() !== '' ? apiUrl.trim() : null;
  } catch {
    return null;
  }
}
