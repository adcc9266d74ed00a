import { readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An HTML page of a build and everything it pulls in: its scripts and their imports, stylesheets and preloads. */
export async function pageFiles(buildDir: string, page: string): Promise<string[]> {
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

export async function measure(buildDir: string, files: string[]) {
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

export function kB(bytes: number): number {
  return Math.round(bytes / 100) / 10;
}
