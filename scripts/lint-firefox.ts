/**
 * `npm run lint:firefox`: Mozilla's add-on linter (web-ext lint) on the Firefox build. Errors,
 * notices and warnings all fail, except the one warning that is Preact's and not ours: its
 * dangerouslySetInnerHTML support assigns innerHTML, which the linter flags wherever Preact is bundled.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

interface LintReport {
  errors: LintMessage[];
  notices: LintMessage[];
  warnings: LintMessage[];
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// Where `wxt build -b firefox` writes: WXT targets Manifest V2 on Firefox by default.
const firefoxBuildDir = join(repoRoot, '.output', 'firefox-mv2');
const preactInnerHtmlAssignment = /\.innerHTML\s*=\s*[\w$]+\.__html/;

const report = await lint(firefoxBuildDir);
const findings = [...report.errors, ...report.notices, ...report.warnings];
const ours: LintMessage[] = [];
for (const finding of findings) {
  if (await isPreactInnerHtml(finding)) console.log(`allowed (Preact's, not ours): ${describe(finding)}`);
  else ours.push(finding);
}

if (ours.length > 0) {
  console.error(`web-ext lint found ${ours.length} problem(s) in ${firefoxBuildDir}:`);
  for (const finding of ours) console.error(`  ${describe(finding)}`);
  process.exit(1);
}
console.log(`web-ext lint: the Firefox build in ${firefoxBuildDir} is clean.`);

function lint(sourceDir: string): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    const webExt = join(repoRoot, 'node_modules', '.bin', 'web-ext');
    const child = spawn(webExt, ['lint', '--source-dir', sourceDir, '--output', 'json', '--no-input'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(stdout) as LintReport);
      } catch {
        reject(new Error(`web-ext lint printed no JSON report:\n${stdout}`));
      }
    });
  });
}

async function isPreactInnerHtml(finding: LintMessage): Promise<boolean> {
  if (finding.code !== 'UNSAFE_VAR_ASSIGNMENT' || !finding.file || !finding.line) return false;
  const source = await readFile(join(firefoxBuildDir, finding.file), 'utf8');
  const line = source.split('\n')[finding.line - 1] ?? '';
  const column = finding.column ?? 0;
  return preactInnerHtmlAssignment.test(line.slice(Math.max(0, column - 40), column + 40));
}

function describe(finding: LintMessage): string {
  const where = finding.file
    ? ` (${finding.file}${finding.line ? `:${finding.line}:${finding.column ?? 0}` : ''})`
    : '';
  return `${finding.code}: ${finding.message}${where}`;
}
