import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the project's WXT with `args`; a failure carries WXT's whole output. */
export function wxt(args: string[]): Promise<void> {
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
