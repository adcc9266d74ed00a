import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmHostPatterns, developmentHostPatterns } from '../../lib/adapters/hosts';
import { developmentBuildDir, productionBuildDir } from './support/chromium';

async function contentScriptMatches(buildDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(buildDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { matches?: string[] }[];
  };
  return manifest.content_scripts?.flatMap((script) => script.matches ?? []) ?? [];
}

describe('content script match patterns', () => {
  it('cover every CRM host in the production build, and no localhost', async () => {
    const matches = await contentScriptMatches(productionBuildDir);

    expect([...matches].sort()).toEqual([...crmHostPatterns].sort());
  });

  it('add the demo CRM on localhost in the development build', async () => {
    const matches = await contentScriptMatches(developmentBuildDir);

    expect([...matches].sort()).toEqual([...crmHostPatterns, ...developmentHostPatterns].sort());
  });
});
