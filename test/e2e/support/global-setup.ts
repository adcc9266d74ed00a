import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromiumExecutable, chromiumInstalled } from './chromium';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Builds the extension the end-to-end tests load (production, and the development build `npm start`
 * serves), so they never test a stale .output. A missing Chromium skips the browser tests on a
 * workstation but fails CI.
 */
export default async function buildExtensionsForEndToEndTests(): Promise<void> {
  if (!chromiumInstalled) {
    const advice = `${chromiumExecutable} is missing; \`apt-get install chromium\` enables the end-to-end tests.`;
    if (process.env.CI) throw new Error(`CI: ${advice}`);
    console.warn(`\n!!! End-to-end browser tests are SKIPPED: ${advice}\n`);
  }
  await wxt(['build']);
  await wxt(['build', '--mode', 'development']);
}

function wxt(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${repoRoot}node_modules/.bin/wxt`, args, { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`wxt ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
