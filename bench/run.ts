/**
 * `npm run bench [name…]`: runs every bench module (or those whose name contains one of the words)
 * and prints one table. Benchmarks report; they exit 0 even when a goal is missed or a bench fails.
 *
 * To add one, write bench/<name>.ts exporting `async function run(): Promise<Figure[]>` and list it
 * below. Each bench cleans up after itself and stops by itself.
 */
import { cpus, loadavg } from 'node:os';
import { remindWithoutPostgres } from './support/databases';
import type { Bench, Figure } from './support/figure';

const benches: Array<{ name: string; load: () => Promise<{ run: Bench }> }> = [
  { name: 'api-sync', load: () => import('./api-sync') },
  { name: 'team-handoffs', load: () => import('./team-handoffs') },
  { name: 'dashboard', load: () => import('./dashboard') },
  { name: 'improve', load: () => import('./improve') },
  { name: 'sla-sweep', load: () => import('./sla-sweep') },
  { name: 'extension-size', load: () => import('./extension-size') },
  { name: 'overlay-timings', load: () => import('./overlay-timings') },
  { name: 'sync-round-trip', load: () => import('./sync-round-trip') },
];

const wanted = process.argv.slice(2);
const chosen = benches.filter(
  ({ name }) => wanted.length === 0 || wanted.some((word) => name.includes(word)),
);

// Throughput here is the machine's as much as the code's: say what the machine was and how busy.
const cores = cpus();
console.log(
  `node ${process.version}, ${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `load average ${loadAverage()} at the start, ${referenceWorkMs().toFixed(0)} ms for a reference loop`,
);

const rows: Array<Figure & { bench: string }> = [];
const failures: string[] = [];
const started = performance.now();

for (const { name, load } of chosen) {
  const benchStarted = performance.now();
  try {
    const { run } = await load();
    for (const figure of await run()) rows.push({ ...figure, bench: name });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push(`${name}: ${message}`);
    console.error(`bench ${name} failed: ${message}`);
  }
  console.log(`bench ${name}: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
}

printTable(rows);
console.log(`\nload average ${loadAverage()} at the end (1, 5, 15 minutes)`);
remindWithoutPostgres();
if (failures.length > 0) console.log(`\n${failures.length} bench(es) failed:\n${failures.join('\n')}`);
const missed = rows.filter((row) => row.ok === false).length;
console.log(
  `\n${rows.length} figures, ${missed} goal(s) missed, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
// A bench that leaked a handle must not keep the run alive; the figures are printed.
process.exit(0);

function printTable(figures: Array<Figure & { bench: string }>): void {
  const header = ['name', 'value', 'unit', 'goal', 'ok'];
  const body = figures.map((row) => [
    row.name,
    formatValue(row.value),
    row.unit,
    row.goal ?? '',
    row.ok === undefined ? '' : row.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(
    `|${widths.map((width, column) => (column === 1 ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`,
  );
  for (const cells of body) console.log(line(cells));
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** A fixed piece of JavaScript work, timed, to compare machines (and one machine from run to run). */
function referenceWorkMs(): number {
  const started = performance.now();
  let text = '';
  for (let round = 0; round < 20_000; round++)
    text = JSON.stringify(JSON.parse(JSON.stringify({ round, values: [1, 2, 3], name: 'reference' })));
  return text.length > 0 ? performance.now() - started : Number.NaN;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value)
    ? String(value)
    : value.toFixed(Math.abs(value) < 10 ? 3 : 1).replace(/\.?0+$/, '');
}
