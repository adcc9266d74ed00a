import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the project's WXT with `args`; a failure carries WXT's whole output. */
export function wxt(args: string[]): Promise<void> {
  return tool('wxt', args);
}

/** Builds the web dashboard the API serves at /dashboard (vite.dashboard.config.ts). */
export function buildWebDashboard(): Promise<void> {
  return tool('vite', ['build', '--config', 'vite.dashboard.config.ts']);
}

function tool(name: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${repoRoot}node_modules/.bin/${name}`, args, { cwd: repoRoot });
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
      else reject(new Error(`${name} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
