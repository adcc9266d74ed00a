import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPageRoutes } from '../../server/dashboard-page';

describe('the web dashboard at /dashboard', () => {
  let built: string;
  let empty: string;

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'baton-dashboard-'));
    empty = await mkdtemp(join(tmpdir(), 'baton-dashboard-none-'));
    await mkdir(join(built, 'assets'));
    await writeFile(
      join(built, 'index.html'),
      '<!doctype html><script type="module" src="/dashboard/assets/index-abc.js"></script>',
    );
    await writeFile(join(built, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(built, 'secret.txt'), 'not an asset');
  });
  afterAll(async () => {
    await rm(built, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  const app = (folder: string) => dashboardPageRoutes(pathToFileURL(`${folder}/`));

  it('serves the page and its assets under a strict Content-Security-Policy', async () => {
    const page = await app(built).request('/dashboard/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    const script = await app(built).request('/dashboard/assets/index-abc.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await app(built).request('/dashboard')).headers.get('location')).toBe('/dashboard/');
  });

  it('serves nothing but built assets', async () => {
    for (const path of [
      '/dashboard/assets/..%2Fsecret.txt',
      '/dashboard/assets/secret.txt',
      '/dashboard/assets/missing.js',
    ]) {
      const response = await app(built).request(path);
      expect(response.status).toBe(404);
    }
  });

  it('says how to build it when it is not built, rather than failing', async () => {
    const response = await app(empty).request('/dashboard/');
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('dashboard not built: run npm run build:dashboard');
  });
});
