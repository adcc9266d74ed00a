/**
 * What the extension costs to load, from its production build: the content script that runs on every CRM
 * page load, the panel page and the team page the panel's toggle opens in the same frame (each page: its
 * HTML, every script it loads, statically or lazily, and its CSS).
 * Raw and gzip sizes in kB of 1000 bytes, as Vite prints them.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildExtension } from './support/extension-build';
import { type Figure, figure, maximum } from './support/figure';

type Manifest = { content_scripts?: Array<{ js?: string[]; css?: string[] }> };

export async function run(): Promise<Figure[]> {
  const buildDir = await buildExtension();
  const manifest = JSON.parse(await readFile(join(buildDir, 'manifest.json'), 'utf8')) as Manifest;
  const contentFiles = [
    ...new Set(
      (manifest.content_scripts ?? []).flatMap((script) => [...(script.js ?? []), ...(script.css ?? [])]),
    ),
  ];
  const content = await measure(buildDir, contentFiles);
  const panel = await measure(buildDir, await pageFiles(buildDir, 'panel.html'));
  const team = await measure(buildDir, await pageFiles(buildDir, 'team.html'));
  for (const [what, files] of [
    ['content script', content],
    ['panel', panel],
    ['team', team],
  ] as const) {
    console.log(
      `extension-size: ${what}: ${files.parts.map((part) => `${part.file} ${kB(part.gzip)} kB gzip`).join(', ')}`,
    );
  }
  return [
    figure('content script, raw', kB(content.raw), 'kB'),
    figure('content script, gzip', kB(content.gzip), 'kB', maximum(15, 'kB')),
    figure('panel page, raw', kB(panel.raw), 'kB'),
    figure('panel page, gzip', kB(panel.gzip), 'kB', maximum(80, 'kB')),
    figure('team page, raw', kB(team.raw), 'kB'),
    figure('team page, gzip', kB(team.gzip), 'kB', maximum(80, 'kB')),
  ];
}

/** A page's HTML and everything it pulls in: its scripts and their imports, stylesheets and preloads. */
async function pageFiles(buildDir: string, page: string): Promise<string[]> {
  const html = await readFile(join(buildDir, page), 'utf8');
  const linked = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((match) =>
    (match[1] ?? '').replace(/^\//, ''),
  );
  const files = new Set([page]);
  const queue = [...linked];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    const source = await readFile(join(buildDir, file), 'utf8');
    // Static `import … from"./x.js"`, bare `import"./x.js"` and lazy `import("./x.js")` alike.
    for (const match of source.matchAll(/\b(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
      queue.push(posix.join(dirname(file), match[1] ?? ''));
    }
  }
  return [...files];
}

async function measure(buildDir: string, files: string[]) {
  const parts = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(join(buildDir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
    }),
  );
  return {
    parts,
    raw: parts.reduce((sum, part) => sum + part.raw, 0),
    gzip: parts.reduce((sum, part) => sum + part.gzip, 0),
  };
}

function kB(bytes: number): number {
  return Math.round(bytes / 100) / 10;
}
