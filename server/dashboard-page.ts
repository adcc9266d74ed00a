import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';

/** Where `npm run build:dashboard` (vite.dashboard.config.ts) puts the web dashboard. */
export const builtDashboard = new URL('../dist/dashboard/', import.meta.url);

/**
 * Only the page's own script and stylesheet, and requests to this API: no inline code, no other
 * origin, no framing. Canvas and uPlot's inline style properties (set through the DOM) need nothing more.
 */
export const dashboardCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A built asset's name: what Vite writes, nothing that could climb out of the folder. */
const assetName = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg)$/;

const notBuilt = 'dashboard not built: run npm run build:dashboard';

async function builtFile(folder: URL, path: string): Promise<Buffer | null> {
  try {
    return await readFile(new URL(path, folder));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
}

function headers(type: string, immutable: boolean): Record<string, string> {
  return {
    'content-type': type,
    'content-security-policy': dashboardCsp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

/** The outcome dashboard for people without the extension: token sign-in, then the same page. */
export function dashboardPageRoutes(folder: URL = builtDashboard): Hono {
  return new Hono()
    .get('/dashboard', (c) => c.redirect('/dashboard/', 301))
    .get('/dashboard/', async (c) => {
      const page = await builtFile(folder, 'index.html');
      if (!page) return c.text(notBuilt, 503, { 'content-type': 'text/plain; charset=utf-8' });
      return c.body(new Uint8Array(page), 200, headers(contentTypes['.html'] ?? '', false));
    })
    .get('/dashboard/assets/:name', async (c) => {
      const name = c.req.param('name');
      const file = assetName.test(name) ? await builtFile(folder, `assets/${name}`) : null;
      if (!file)
        return c.text(`no dashboard asset ${name}`, 404, { 'content-type': 'text/plain; charset=utf-8' });
      const type = contentTypes[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
      return c.body(new Uint8Array(file), 200, headers(type, true));
    });
}
