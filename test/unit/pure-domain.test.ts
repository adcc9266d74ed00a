import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The domain and the sync protocol run in the extension (optimistic) and on the API (authoritative):
 * they may import each other, Zod and small pure libraries, and nothing of a browser, Dexie, Preact or
 * Node. Checked on the source, import by import, so a new file cannot slip one in.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const pureFolders = ['lib/handoff', 'lib/sync'];
const forbidden = [/^dexie/, /^preact/, /^node:/, /^webextension-polyfill/, /^wxt/, /^@wxt-dev/, /^pg$/];
const forbiddenLocal = [
  /\/db\//,
  /\/device-sync\//,
  /\/panel\//,
  /\/components\//,
  /\/entrypoints\//,
  /\/server\//,
];
const browserGlobals = /\b(?:browser|chrome|window|document|indexedDB|localStorage)\.\w/;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('the code both the extension and the API run', () => {
  const files = pureFolders.flatMap(sourceFiles);

  it('is found', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)(
    '%s imports no browser, Dexie, Preact or Node module, and uses no browser global',
    (file) => {
      const source = readFileSync(join(root, file), 'utf8');
      const imports = importsOf(source);
      const outside = imports.filter(
        (spec) =>
          forbidden.some((pattern) => pattern.test(spec)) ||
          (spec.startsWith('.') &&
            forbiddenLocal.some((pattern) =>
              pattern.test(`/${relative(root, join(root, file, '..', spec))}/`),
            )),
      );
      expect(outside).toEqual([]);
      expect(source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')).not.toMatch(browserGlobals);
    },
  );
});
