/**
 * How the overlay weighs on a CRM page, in Debian's Chromium with the production build and fixture pages
 * served over HTTPS on loopback under their real host names:
 * - page load to panel visible, cold (the first load in a fresh profile) and warm (later loads): from the
 *   navigation's start, and from the page's load event, to the first contentful paint inside the panel frame;
 *   beside the warm figure, the same for a copy of the extension whose panel page is static HTML showing the
 *   record, taking turns with ours: what Chromium's making and painting of an extension frame costs alone;
 *   and the same static page at the extension's fixed URL rather than the per-session one pages cannot
 *   probe for: what that privacy costs the floor;
 * - a heavy Salesforce-like page's load time with and without the extension, browsers with the same flags
 *   taking turns, as the median of each round's ratio; and beside it the same ratio for a copy of the
 *   extension whose content script is empty, the cost of injecting any content script at all;
 * - long tasks on that page's main thread in which our content script ran, from a Chromium trace (see
 *   longTasksOnHeavyPage for why not from Long Animation Frames);
 * - keystroke to durable save in the panel: from each key event to the commit of the first IndexedDB write
 *   that follows it, timed inside the panel frame; and from leaving a field to the edit's commit.
 * Functions evaluated in the browser stay anonymous: tsx keeps function names with a helper that exists
 * only in Node.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Frame, type Page } from 'playwright-core';
import {
  chromiumArgs,
  chromiumExecutable,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from '../test/e2e/support/chromium';
import { fixtureUrl, freshSalesforceRecord, routeAt } from '../test/e2e/support/fixture-pages';
import { startHttpsFixtureServer } from '../test/e2e/support/https-fixture-server';
import { panelShowing } from '../test/e2e/support/panel';
import { buildExtension } from './support/extension-build';
import { type Figure, figure, maximum, percentile } from './support/figure';

const coldRuns = 5;
const warmRuns = 20;
const heavyWarmUpRounds = 3;
/**
 * One load of the heavy page varies by ±12% from the next on this kind of machine, whichever browser
 * makes it; the median of 31 round ratios then still moves by ±4% from run to run, of 101 by about ±2%.
 */
const heavyRounds = 101;
/** Lets the machine go quiet between two loads, so that no browser's leftover work lands in another's load. */
const loadSettleMs = 100;
const typingBursts = 12;
/** A quick typist: about 25 keys a second. */
const keyIntervalMs = 40;
const leavingSaves = 30;
const tracedLoads = 3;
/** The follow-record reads go on this long after a navigation (entrypoints/content/follow-record.ts), plus a margin. */
const readingWindowMs = 9_000;
const longTaskMs = 50;
/** Tracing and a busy machine slow the panel down; a bench waits longer than a test before giving up. */
const panelTimeoutMs = 30_000;
/** Well past the panel's first paint, cold or warm, before the bench looks into its frame. */
const panelSettleMs = 1000;
/** Long Animation Frames list a script from 5 ms on; a long task with less of ours is not ours. */
const attributedScriptMs = 5;

const accountId = '001xx000003DGb2AAG';
const accountUrl = `https://acme.lightning.force.com/lightning/r/Account/${accountId}/view`;
const heavyFile = 'heavy/salesforce-account.html';
const heavyUrl = fixtureUrl(heavyFile);
const heavyOrigin = new URL(heavyUrl).origin;

export async function run(): Promise<Figure[]> {
  const extensionDir = await buildExtension();
  const fixtures = await startHttpsFixtureServer([
    {
      host: 'acme.lightning.force.com',
      path: /^\/lightning\/r\/Account\/\w+\/view$/,
      file: 'salesforce/account.html',
    },
    routeAt(heavyUrl, heavyFile),
  ]);
  const launch = () => launchChromiumWithExtension({ extensionDir, fixturePort: fixtures.port });
  try {
    const cold: PanelTiming[] = [];
    for (let index = 0; index < coldRuns; index++) {
      const browser = await launch();
      try {
        cold.push(await panelTiming(await browser.context.newPage()));
      } finally {
        await browser.close();
      }
    }
    const browser = await launch();
    try {
      const { warm, floor, fixedUrlFloor } = await warmPanelTimings(browser, extensionDir, fixtures.port);
      const heavy = await heavyPageLoads(browser, extensionDir, fixtures.port);
      const tasks = await longTasksOnHeavyPage(browser);
      const saves = await keystrokeToDurable(browser);
      for (const [label, timings] of [
        ['cold', cold],
        ['warm', warm],
        ['warm static', floor],
        ['warm static at a fixed URL', fixedUrlFloor],
      ] as const) {
        const step = (pick: (timing: PanelTiming) => number) => median(timings.map(pick)).toFixed(0);
        console.log(
          `overlay-timings: ${label} panel, medians after the load event: frame made at ${step((t) => t.frameMade)} ms, ` +
            `its scripts run by ${step((t) => t.frameScriptsRun)} ms, painted at ${step((t) => t.fromLoad)} ms`,
        );
      }
      return [
        figure(
          'panel painted, cold, after navigation start (median)',
          median(cold.map((t) => t.fromStart)),
          'ms',
        ),
        figure(
          'panel painted, cold, after the load event (median)',
          median(cold.map((t) => t.fromLoad)),
          'ms',
        ),
        figure(
          'panel painted, warm, after navigation start (median)',
          median(warm.map((t) => t.fromStart)),
          'ms',
        ),
        figure(
          'panel painted, warm, after the load event (median)',
          median(warm.map((t) => t.fromLoad)),
          'ms',
          maximum(100, 'ms'),
        ),
        figure('panel painted, warm, after the load event (p95)', p95(warm.map((t) => t.fromLoad)), 'ms'),
        figure(
          'static page in the panel frame painted, warm, after the load event (the floor for any panel)',
          median(floor.map((t) => t.fromLoad)),
          'ms',
        ),
        figure(
          "the same static page at the extension's fixed URL, not a per-session one (what the dynamic URL costs)",
          median(fixedUrlFloor.map((t) => t.fromLoad)),
          'ms',
        ),
        figure('heavy page load without the extension (median)', median(heavy.without), 'ms'),
        figure('heavy page load with the extension (median)', median(heavy.with), 'ms'),
        figure(
          `heavy page load, with / without (median of ${heavy.ratios.length} rounds)`,
          median(heavy.ratios),
          '×',
          maximum(1.05),
        ),
        figure(
          'heavy page load, empty content script / without (the floor for any content script)',
          median(heavy.floor),
          '×',
        ),
        figure('heavy page: our main-thread time before its load event', median(tasks.oursBeforeLoad), 'ms'),
        figure(
          "heavy page: of that, V8 collecting garbage (the page's heap and ours, whichever script is running)",
          median(tasks.collectingBeforeLoad),
          'ms',
        ),
        figure('heavy page: long tasks per load', tasks.longTasks / tracedLoads, 'tasks'),
        figure('heavy page: long tasks with ≥ 5 ms of ours', tasks.attributed, 'tasks', maximum(0)),
        figure('heavy page: our main-thread time, first 9 s (median)', median(tasks.oursPerLoad), 'ms'),
        figure('heavy page: our longest main-thread run', tasks.longestOfOurs, 'ms'),
        figure('keystroke → durable (p50)', median(saves.keystrokes), 'ms'),
        figure('keystroke → durable (p95)', p95(saves.keystrokes), 'ms', maximum(50, 'ms')),
        figure('leaving the field (Tab) → edit stored (p50)', median(saves.onLeave), 'ms'),
        figure('leaving the field (Tab) → edit stored (p95)', p95(saves.onLeave), 'ms'),
      ];
    } finally {
      await browser.close();
    }
  } finally {
    await fixtures.close();
  }
}

/** Milliseconds from the navigation's start (fromStart) or from the end of the page's load event. */
type PanelTiming = { fromStart: number; fromLoad: number; frameMade: number; frameScriptsRun: number };

/**
 * Loads the Salesforce account page and times the panel frame against the page's clock: when the frame was
 * made, when its scripts had run (DOMContentLoaded) and its first contentful paint.
 */
async function panelTiming(page: Page): Promise<PanelTiming> {
  await page.goto(accountUrl);
  // Playwright's first look into a frame injects its own script there, several milliseconds of the frame's
  // main thread: looking while the panel boots would slow down the very thing measured (and no user runs
  // Playwright). The browser records the paint either way, so the frame is looked into once it is surely past.
  await page.waitForTimeout(panelSettleMs);
  const frame = await panelShowing(page, accountId, panelTimeoutMs);
  const handle = await frame.waitForFunction(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return (
      paint && {
        origin: performance.timeOrigin,
        scriptsRun: navigation.domContentLoadedEventEnd,
        painted: paint.startTime,
      }
    );
  });
  const inFrame = (await handle.jsonValue()) as { origin: number; scriptsRun: number; painted: number };
  const { origin, loadEnd } = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    loadEnd: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  }));
  // Both clocks count from their own time origin; the origins are wall-clock times in one browser.
  const loaded = origin + loadEnd;
  return {
    fromStart: inFrame.origin + inFrame.painted - origin,
    fromLoad: inFrame.origin + inFrame.painted - loaded,
    frameMade: inFrame.origin - loaded,
    frameScriptsRun: inFrame.origin + inFrame.scriptsRun - loaded,
  };
}

/**
 * Warm loads of the account page in turns: in the browser with the extension; in one whose copy of the
 * extension has a static panel page (the floor: Chromium's own cost of a frame made at the same moment); and
 * in one whose static panel page is also web-accessible at the extension's fixed URL instead of a dynamic
 * one (what the dynamic URL's redirect costs that floor).
 */
async function warmPanelTimings(browser: ExtensionBrowser, extensionDir: string, fixturePort: number) {
  const staticDir = await extensionWithStaticPanel(extensionDir);
  const fixedUrlDir = await withFixedPanelUrl(await extensionWithStaticPanel(extensionDir));
  const floorBrowsers = [
    await launchChromiumWithExtension({ extensionDir: staticDir, fixturePort }),
    await launchChromiumWithExtension({ extensionDir: fixedUrlDir, fixturePort }),
  ];
  try {
    const pages = await Promise.all([browser, ...floorBrowsers].map((each) => each.context.newPage()));
    const timings: PanelTiming[][] = pages.map(() => []);
    // The first load of each browser is a cold one; every later one is warm.
    for (const page of pages) await panelTiming(page);
    for (let index = 0; index < warmRuns; index++) {
      // Each browser goes first, second and last in turn.
      for (let turn = 0; turn < pages.length; turn++) {
        const which = (index + turn) % pages.length;
        timings[which]?.push(await panelTiming(pages[which] as Page));
      }
    }
    const [warm = [], floor = [], fixedUrlFloor = []] = timings;
    return { warm, floor, fixedUrlFloor };
  } finally {
    await Promise.all(floorBrowsers.map((each) => each.close()));
    await Promise.all([staticDir, fixedUrlDir].map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** A copy of the built extension whose panel page is static HTML showing the account, with no script. */
function extensionWithStaticPanel(extensionDir: string): Promise<string> {
  return extensionCopyWith(
    extensionDir,
    'panel.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton panel</title>
<style>html,body{margin:0;background:#fff;font:13px system-ui,sans-serif}</style></head>
<body><header data-record-id="${accountId}"><h1>Acme Corporation</h1><p>Salesforce account</p></header></body></html>`,
  );
}

/** The copy's panel is web-accessible at its fixed URL, which pages could probe for, not a per-session one. */
async function withFixedPanelUrl(extensionCopy: string): Promise<string> {
  const manifestFile = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
    web_accessible_resources?: Array<{ use_dynamic_url?: boolean }>;
  };
  for (const resource of manifest.web_accessible_resources ?? []) delete resource.use_dynamic_url;
  await writeFile(manifestFile, JSON.stringify(manifest));
  return extensionCopy;
}

/** A copy of the built extension with one of its files replaced, for a floor to measure ours against. */
async function extensionCopyWith(extensionDir: string, file: string, contents: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'baton-bench-floor-'));
  await cp(extensionDir, copy, { recursive: true });
  await writeFile(join(copy, file), contents);
  return copy;
}

/**
 * Loads the heavy page in turns in a browser with the extension, one without, and one with a copy of the
 * extension whose content script is empty (what injecting any content script costs: the floor for ours),
 * the order turning every round; each page goes back to about:blank after its load so that none keeps
 * working during another's. Each round gives ratios of loads a moment apart, so that the machine's
 * changing load cancels out.
 */
async function heavyPageLoads(withExtension: ExtensionBrowser, extensionDir: string, fixturePort: number) {
  const plain = await launchPlainChromium(fixturePort);
  const emptyDir = await extensionWithEmptyContentScript(extensionDir);
  const empty = await launchChromiumWithExtension({ extensionDir: emptyDir, fixturePort });
  try {
    const pages = {
      with: await withExtension.context.newPage(),
      without: await plain.context.newPage(),
      empty: await empty.context.newPage(),
    };
    const sides = Object.keys(pages) as Array<keyof typeof pages>;
    const loads = {
      with: [] as number[],
      without: [] as number[],
      ratios: [] as number[],
      floor: [] as number[],
    };
    for (let round = 0; round < heavyWarmUpRounds + heavyRounds; round++) {
      const order = sides.map((_, index) => sides[(index + round) % sides.length] as keyof typeof pages);
      if (round % 2 === 1) order.reverse();
      const loaded = { with: 0, without: 0, empty: 0 };
      for (const side of order) {
        const page = pages[side];
        await page.goto(heavyUrl);
        loaded[side] = await page.evaluate(
          () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
        );
        await page.goto('about:blank');
        await page.waitForTimeout(loadSettleMs);
      }
      if (round < heavyWarmUpRounds) continue;
      loads.with.push(loaded.with);
      loads.without.push(loaded.without);
      loads.ratios.push(loaded.with / loaded.without);
      loads.floor.push(loaded.empty / loaded.without);
    }
    const quartiles = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `${percentile(sorted, 0.25).toFixed(3)}–${percentile(sorted, 0.75).toFixed(3)}`;
    };
    console.log(
      `overlay-timings: heavy page round ratios, middle half: with / without ${quartiles(loads.ratios)}, ` +
        `empty content script / without ${quartiles(loads.floor)}`,
    );
    return loads;
  } finally {
    await empty.close();
    await plain.close();
    await rm(emptyDir, { recursive: true, force: true });
  }
}

/** A copy of the built extension whose content script does nothing, on the same hosts. */
function extensionWithEmptyContentScript(extensionDir: string): Promise<string> {
  return extensionCopyWith(extensionDir, join('content-scripts', 'content.js'), '');
}

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string; isOutermostMainFrame?: boolean } };
};
type Span = { start: number; end: number };

/**
 * Long tasks on the heavy page's main thread and our share of them, from a Chromium trace of each load left
 * alone for the whole time the content script reads the page. Long Animation Frames cannot tell: Chromium
 * attributes the page's own (main world) scripts in them and lists none from a content script's isolated
 * world, however long it runs.
 */
async function longTasksOnHeavyPage(browser: ExtensionBrowser) {
  const page = await browser.context.newPage();
  const session = await browser.context.newCDPSession(page);
  const tasks: Array<Span & { ours: number; collecting: number }> = [];
  const oursPerLoad: number[] = [];
  const oursBeforeLoad: number[] = [];
  const collectingBeforeLoad: number[] = [];
  let longestOfOurs = 0;
  for (let load = 0; load < tracedLoads; load++) {
    const events: TraceEvent[] = [];
    const collect = ({ value }: { value: object[] }) => events.push(...(value as TraceEvent[]));
    session.on('Tracing.dataCollected', collect);
    const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
    await session.send('Tracing.start', {
      traceConfig: {
        includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
      },
      transferMode: 'ReportEvents',
    });
    await page.goto(heavyUrl);
    await panelShowing(page, accountId, panelTimeoutMs);
    await page.waitForTimeout(readingWindowMs);
    await session.send('Tracing.end');
    await complete;
    session.off('Tracing.dataCollected', collect);

    // The page's main thread is the one that ran the page's own inline scripts (other threads, such as the one
    // compiling scripts in the background, also name the page's URL).
    const threads = new Set(
      events
        .filter((event) => event.name === 'EvaluateScript' && event.args?.data?.url?.startsWith(heavyOrigin))
        .map(threadOf),
    );
    const onPage = events.filter((event) => event.ph === 'X' && threads.has(threadOf(event)));
    const pageTasks = outermost(onPage.filter((event) => event.name === 'RunTask').map(spanOf));
    const ours = spansOfOurs(onPage, pageTasks);
    // V8 collects the garbage of the page's heap and ours together, in whichever script allocates when it is due.
    const collections = outermost(onPage.filter((event) => /^(Major|Minor)GC$/.test(event.name)).map(spanOf));
    const within = (spans: Span[], task: Span) => spans.reduce((sum, span) => sum + overlap(span, task), 0);
    for (const task of pageTasks.filter((candidate) => candidate.end - candidate.start >= longTaskMs)) {
      const oursInTask = ours.filter((span) => overlap(span, task) > 0);
      tasks.push({
        ...task,
        ours: within(oursInTask, task),
        collecting: oursInTask.reduce((sum, span) => sum + within(collections, span), 0),
      });
    }
    oursPerLoad.push(ours.reduce((sum, span) => sum + span.end - span.start, 0));
    // Script of ours that ran before the page's load event held that event back by as much.
    const loadEvent = events.find(
      (event) =>
        event.name === 'MarkLoad' && event.args?.data?.isOutermostMainFrame && threads.has(threadOf(event)),
    );
    const beforeLoad = { start: 0, end: loadEvent ? spanOf(loadEvent).start : Number.POSITIVE_INFINITY };
    const oursUntilLoad = ours
      .map((span) => ({ start: span.start, end: Math.min(span.end, beforeLoad.end) }))
      .filter((span) => span.end > span.start);
    oursBeforeLoad.push(oursUntilLoad.reduce((sum, span) => sum + span.end - span.start, 0));
    collectingBeforeLoad.push(oursUntilLoad.reduce((sum, span) => sum + within(collections, span), 0));
    longestOfOurs = Math.max(longestOfOurs, ...ours.map((span) => span.end - span.start));
  }
  await page.close();
  const attributed = tasks.filter((task) => task.ours >= attributedScriptMs);
  for (const task of attributed) {
    const length = task.end - task.start;
    console.log(
      `overlay-timings: a ${length.toFixed(0)} ms task ran ${task.ours.toFixed(1)} ms of our scripts, ` +
        `${task.collecting.toFixed(1)} ms of them collecting garbage`,
    );
  }
  return {
    longTasks: tasks.length,
    attributed: attributed.length,
    oursPerLoad,
    oursBeforeLoad,
    collectingBeforeLoad,
    longestOfOurs,
  };
}

const scriptUrlOf = (event: TraceEvent) => event.args?.data?.url;

/**
 * Our script's time on the page's thread: the trace events that carry our script's URL, and the microtask
 * checkpoints of tasks in which no script of the page ran. Code resumed after an `await` runs in such a
 * checkpoint, and the trace names no script for it.
 */
function spansOfOurs(events: TraceEvent[], tasks: Span[]): Span[] {
  const spans = events.filter((event) => scriptUrlOf(event)?.startsWith('chrome-extension://')).map(spanOf);
  const scriptsOf = new Map<Span, { ours: boolean; theirs: boolean }>();
  const taskOf = (event: TraceEvent) => {
    const at = event.ts / 1000;
    let low = 0;
    let high = tasks.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const task = tasks[middle] as Span;
      if (at < task.start) high = middle - 1;
      else if (at >= task.end) low = middle + 1;
      else return task;
    }
    return undefined;
  };
  for (const event of events) {
    const url = scriptUrlOf(event);
    const task = url ? taskOf(event) : undefined;
    if (!url || !task) continue;
    const scripts = scriptsOf.get(task) ?? { ours: false, theirs: false };
    if (url.startsWith('chrome-extension://')) scripts.ours = true;
    else scripts.theirs = true;
    scriptsOf.set(task, scripts);
  }
  for (const event of events.filter((candidate) => candidate.name === 'RunMicrotasks')) {
    const task = taskOf(event);
    const scripts = task && scriptsOf.get(task);
    if (scripts?.ours && !scripts.theirs) spans.push(spanOf(event));
  }
  return outermost(spans);
}

const threadOf = (event: TraceEvent) => `${event.pid}/${event.tid}`;
/** Trace times are in microseconds; spans are in milliseconds. */
const spanOf = (event: TraceEvent): Span => ({
  start: event.ts / 1000,
  end: (event.ts + (event.dur ?? 0)) / 1000,
});
const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** The spans not inside another: nested trace events would count the same time twice. */
function outermost(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of sorted) {
    const last = kept.at(-1);
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/** Chromium with the same flags as the extension's browser, less the extension. */
async function launchPlainChromium(
  fixturePort: number,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profileDir = await mkdtemp(join(tmpdir(), 'baton-bench-plain-'));
  const args = chromiumArgs({ extensionDir: '', fixturePort }).filter(
    (arg) => !arg.startsWith('--load-extension=') && !arg.startsWith('--disable-extensions-except='),
  );
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumExecutable,
    headless: true,
    args,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Types into the decision notes of a new packet, timing inside the panel frame each key event against the
 * IndexedDB writes that follow it. A keystroke is durable once the first write that began after it has
 * committed, whatever that write is (the edit itself after the typing pause, or anything the panel stores
 * sooner). Leaving the field (Tab) writes the edit at once: that is timed to the commit of the packet.
 */
async function keystrokeToDurable(browser: ExtensionBrowser) {
  const account = freshSalesforceRecord('Account');
  const page = await browser.context.newPage();
  await page.goto(account.url);
  const frame = await panelShowing(page, account.id, panelTimeoutMs);
  await frame.getByRole('button', { name: 'Start handoff packet' }).click();
  const notes = frame.locator('#baton-decisionNotes');
  await notes.waitFor();
  await instrumentWrites(frame);

  const keystrokes: number[] = [];
  for (let burst = 0; burst < typingBursts; burst++) {
    await notes.click();
    const from = (await readProbe(frame)).keys.length;
    await notes.pressSequentially(` w${burst}rd`, { delay: keyIntervalMs });
    const { keys, writes } = await packetWritten(frame);
    for (const key of keys.slice(from)) {
      const first = writes.find((write) => write.started >= key.at);
      keystrokes.push((first?.committed ?? Number.NaN) - key.at);
    }
  }
  const onLeave: number[] = [];
  for (let index = 0; index < leavingSaves; index++) {
    await notes.click();
    await notes.pressSequentially(` ${index}`);
    await page.keyboard.press('Tab');
    const { keys, writes } = await packetWritten(frame);
    const tab = keys.at(-1)?.at ?? Number.NaN;
    const stored = writes.find((write) => write.started >= tab && write.stores.includes('packets'));
    onLeave.push((stored?.committed ?? Number.NaN) - tab);
  }
  await page.close();
  return { keystrokes, onLeave };
}

type Write = { started: number; committed?: number; stores: string[] };
type WriteProbe = { keys: Array<{ key: string; at: number }>; writes: Write[] };

/** Records every key event and every writing transaction (when it began and committed), on the frame's clock. */
function instrumentWrites(frame: Frame): Promise<void> {
  return frame.evaluate(() => {
    const probe: WriteProbe = { keys: [], writes: [] };
    Object.assign(window, { batonWriteProbe: probe });
    document.addEventListener(
      'keydown',
      (event) => probe.keys.push({ key: event.key, at: event.timeStamp }),
      true,
    );
    // Dexie bound IDBDatabase#transaction when it opened, but looks up put on each store as it writes.
    const watched = new WeakMap<IDBTransaction, Write>();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      let write = watched.get(this.transaction);
      if (!write) {
        const started: Write = { started: performance.now(), stores: [] };
        watched.set(this.transaction, started);
        probe.writes.push(started);
        this.transaction.addEventListener('complete', () => {
          started.committed = performance.now();
        });
        write = started;
      }
      if (!write.stores.includes(this.name)) write.stores.push(this.name);
      return put.apply(this, args);
    };
  });
}

function readProbe(frame: Frame): Promise<WriteProbe> {
  return frame.evaluate(() => (window as unknown as { batonWriteProbe: WriteProbe }).batonWriteProbe);
}

/** The probe once the packet has been written, and every write begun, after the last key event. */
async function packetWritten(frame: Frame): Promise<WriteProbe> {
  await frame.waitForFunction(() => {
    const { keys, writes } = (window as unknown as { batonWriteProbe: WriteProbe }).batonWriteProbe;
    const last = keys.at(-1)?.at ?? 0;
    return (
      writes.some((write) => write.started >= last && write.stores.includes('packets') && write.committed) &&
      writes.every((write) => write.committed)
    );
  });
  return readProbe(frame);
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function p95(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.95,
  );
}
