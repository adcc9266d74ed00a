import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionBuildDir } from './support/chromium';

/** A string each library's minified build keeps, whatever the minifier renames. */
const markers = {
  'webextension-polyfill': 'browser-polyfill',
  dexie: 'DexieError',
  zod: '$ZodType',
} as const;

async function librariesPerScript(): Promise<Map<string, string[]>> {
  const files = await readdir(productionBuildDir, { recursive: true, withFileTypes: true });
  const found = new Map<string, string[]>();
  for (const file of files.filter((candidate) => candidate.isFile() && candidate.name.endsWith('.js'))) {
    const path = join(file.parentPath, file.name);
    const source = await readFile(path, 'utf8');
    const libraries = Object.entries(markers)
      .filter(([, marker]) => source.includes(marker))
      .map(([library]) => library);
    found.set(relative(productionBuildDir, path).replace(/-[\w-]{8}\.js$/, '.js'), libraries);
  }
  return found;
}

describe('what each script of the production build carries', () => {
  it('keeps the content script, which runs on every CRM page load, free of every library', async () => {
    const libraries = await librariesPerScript();

    expect(libraries.get('content-scripts/content.js')).toEqual([]);
    // The markers do find the libraries where they are meant to be.
    expect(libraries.get('background.js')).toEqual(['webextension-polyfill', 'dexie', 'zod']);
  });

  it('ships the polyfill in the background alone, the one place that answers messages with promises', async () => {
    const withPolyfill = [...(await librariesPerScript())]
      .filter(([, libraries]) => libraries.includes('webextension-polyfill'))
      .map(([script]) => script);

    expect(withPolyfill).toEqual(['background.js']);
  });
});
