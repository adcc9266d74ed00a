import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { developmentBuildDir, productionBuildDir } from './support/chromium';

async function manifestOf(buildDir: string) {
  return JSON.parse(await readFile(join(buildDir, 'manifest.json'), 'utf8'));
}

describe('the manifest, for sync', () => {
  it('asks for no API host at install, only optionally at sign-in, and lets an admin preset the API URL', async () => {
    const manifest = await manifestOf(productionBuildDir);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // sidePanel shows no warning at install: it only lets the panel page open in the browser's side panel.
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'sidePanel']);
    expect(manifest.storage).toEqual({ managed_schema: 'managed-schema.json' });
    const schema = JSON.parse(await readFile(join(productionBuildDir, 'managed-schema.json'), 'utf8'));
    expect(schema.properties.apiUrl.type).toBe('string');
  });

  it('grants the development build the local API only', async () => {
    const manifest = await manifestOf(developmentBuildDir);
    expect(manifest.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
  });
});
