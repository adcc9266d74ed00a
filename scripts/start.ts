/**
 * `npm start`: a development build of the extension and of the web dashboard, plus the API with its demo CRM, and the steps to
 * load one into the other by hand.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentHostPatterns } from '../lib/adapters/hosts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// Where `wxt build --mode development` writes for Chrome: .output/<browser>-mv<version>-dev.
const developmentBuildDir = join(repoRoot, '.output', 'chrome-mv3-dev');
const port = process.env.PORT || '8787';
const apiUrl = `http://127.0.0.1:${port}`;
const demoUrl = `http://localhost:${port}/demo/`;
const readyTimeoutMs = 60_000;

let server: ChildProcess | undefined;

// The server runs in its own process group, so a Ctrl-C in the terminal reaches it exactly once:
// from here. A second SIGINT would make it skip closing the database.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (server && server.exitCode === null) server.kill(signal);
    else process.exit(130);
  });
}

try {
  await run(join(repoRoot, 'node_modules', '.bin', 'wxt'), ['build', '--mode', 'development']);
  await checkDevelopmentManifest();
  // The web dashboard the API serves at /dashboard for people without the extension.
  await run(join(repoRoot, 'node_modules', '.bin', 'vite'), [
    'build',
    '--config',
    'vite.dashboard.config.ts',
  ]);
  server = startServer();
  await waitUntilHealthy();
  printInstructions();
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  server?.kill('SIGTERM');
  process.exit(1);
}

function startServer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'main.ts')], {
    cwd: repoRoot,
    // The demo always runs on embedded PGlite, whatever DATABASE_URL the shell happens to have.
    env: { ...process.env, BATON_DEMO: '1', PORT: port, DATABASE_URL: '' },
    stdio: 'inherit',
    detached: true,
  });
  child.on('exit', (code) => process.exit(code ?? 1));
  return child;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function checkDevelopmentManifest(): Promise<void> {
  const manifest = JSON.parse(await readFile(join(developmentBuildDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { matches?: string[] }[];
  };
  const matches = new Set(manifest.content_scripts?.flatMap((script) => script.matches ?? []));
  const missing = developmentHostPatterns.filter((pattern) => !matches.has(pattern));
  if (missing.length > 0) {
    throw new Error(
      `The development build does not match ${missing.join(', ')}: the demo CRM would not work`,
    );
  }
}

async function waitUntilHealthy(): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${apiUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet: PGlite takes a few seconds to create its data folder the first time.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API did not answer ${apiUrl}/healthz within ${readyTimeoutMs / 1000} s`);
}

function printInstructions(): void {
  const shownDir = relative(process.cwd(), developmentBuildDir) || developmentBuildDir;
  console.log(`
Baton is running.

  Extension, development build: ${developmentBuildDir}
  API: ${apiUrl} (embedded PGlite)   Demo CRM: ${demoUrl}
  Outcome dashboard for managers and admins: ${apiUrl}/dashboard (or "Dashboard" in the extension's options)

  1. In Chrome, open chrome://extensions and switch on "Developer mode" (top right).
  2. Click "Load unpacked" and choose ${shownDir}
     (after running npm start again, press the reload arrow on the Baton card).
  3. Open ${demoUrl} and click an account. Baton marks the pages it runs on:
     <html data-baton-active="true">.

Press Ctrl-C to stop.
`);
}
