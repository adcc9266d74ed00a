/**
 * What the extension costs to load, from its production build: the content script that runs on every CRM
 * page load, the panel page and the team page the panel's toggle opens in the same frame (each page: its
 * HTML, every script it loads, statically or lazily, and its CSS).
 * Raw and gzip sizes in kB of 1000 bytes, as Vite prints them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildExtension } from './support/extension-build';
import { type Figure, figure, maximum } from './support/figure';
import { kB, measure, pageFiles } from './support/page-size';

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
