// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { maxSearchRoots, type SearchRoot } from '../adapters/page';
import type { ReadTimers } from './read-schedule';
import { createShadowRootTracker, type ShadowRootTracker } from './shadow-root-tracker';

/** A host element with an open shadow root holding `text`. */
function component(tag: string, text = tag): HTMLElement {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  const inner = document.createElement('span');
  inner.textContent = text;
  root.append(inner);
  return host;
}

/** What a MutationObserver reports when `nodes` were added. */
function addition(...nodes: Node[]): MutationRecord {
  return { type: 'childList', addedNodes: nodes, removedNodes: [] } as unknown as MutationRecord;
}

/**
 * Timers whose tasks run only when the test says so, and a clock that moves on by `msPerLook` each time it
 * is read: a walk sees time pass as it goes.
 */
function manualTimers(msPerLook: number) {
  let clock = 0;
  let nextId = 1;
  const tasks = new Map<number, () => void>();
  const timers: ReadTimers = {
    setTimeout(handler) {
      tasks.set(nextId, handler);
      return nextId++;
    },
    clearTimeout(id) {
      tasks.delete(id);
    },
    now() {
      clock += msPerLook;
      return clock;
    },
  };
  return {
    timers,
    waiting: () => tasks.size,
    /** Runs the tasks, and those they set, until none is left; returns how many ran. */
    runAll() {
      let ran = 0;
      for (let task = tasks.entries().next(); !task.done; task = tasks.entries().next()) {
        const [id, handler] = task.value;
        tasks.delete(id);
        handler();
        ran += 1;
      }
      return ran;
    },
  };
}

function plainElements(count: number): HTMLElement[] {
  return Array.from({ length: count }, () => document.createElement('div'));
}

describe('following the open shadow roots of a page', () => {
  let heard: SearchRoot[];
  let walksEnded: number;
  let tracker: ShadowRootTracker;

  const track = (timers: ReadTimers) =>
    createShadowRootTracker(document, {
      onRoot: (root) => heard.push(root),
      onCaughtUp: () => {
        walksEnded += 1;
      },
      timers,
    });

  beforeEach(() => {
    document.body.replaceChildren();
    heard = [];
    walksEnded = 0;
    // A clock that stands still: every walk fits into its first slice.
    tracker = track(manualTimers(0).timers);
  });

  it('walks the whole document at first, nested roots included, and tells of each root once', () => {
    const outer = component('records-section');
    const inner = component('records-item');
    outer.shadowRoot?.append(inner);
    document.body.append(outer);

    expect(tracker.roots()).toEqual([document, outer.shadowRoot, inner.shadowRoot]);
    expect(tracker.roots()).toEqual([document, outer.shadowRoot, inner.shadowRoot]);
    expect(heard).toEqual([document, outer.shadowRoot, inner.shadowRoot]);
  });

  it('then looks only into what the page added, inside added subtrees too', () => {
    tracker.roots();
    const added = document.createElement('div');
    const nested = component('records-item');
    added.append(nested);
    document.body.append(added);
    // Attached to an element already there, without an addition reported: only a whole walk finds it.
    const unreported = component('records-unreported');
    document.body.append(unreported);

    tracker.added([addition(added)]);

    expect(tracker.roots()).toEqual([document, nested.shadowRoot]);
    expect(heard).toEqual([document, nested.shadowRoot]);
  });

  it('walks the whole document again when the page added too many nodes at once to follow', () => {
    tracker.roots();
    const unreported = component('records-unreported');
    document.body.append(unreported);

    tracker.added(Array.from({ length: 5001 }, () => addition(document.createElement('tr'))));

    expect(tracker.roots()).toContain(unreported.shadowRoot);
  });

  it('looks into a large addition a slice at a time, roots inside added roots included', () => {
    const manual = manualTimers(1);
    tracker = track(manual.timers);
    tracker.roots();
    expect(manual.waiting()).toBe(0);
    const outer = component('records-related-list');
    const inner = component('records-row-action');
    outer.shadowRoot?.append(inner);
    const table = document.createElement('table');
    table.append(...plainElements(3000), outer);
    document.body.append(table);

    tracker.added([addition(table)]);
    const firstSlice = [...tracker.roots()];
    manual.runAll();

    expect(firstSlice).toEqual([document]);
    expect(walksEnded).toBe(1);
    expect(tracker.roots()).toEqual([document, outer.shadowRoot, inner.shadowRoot]);
  });

  it('does not look into what the page added and took out again', () => {
    tracker.roots();
    const gone = component('records-toast');
    document.body.append(gone);
    gone.remove();

    tracker.added([addition(gone)]);

    expect(tracker.roots()).toEqual([document]);
    expect(heard).toEqual([document]);
  });

  it('forgets the root of a component the page took out, so that no stale value is read', () => {
    const stale = component('records-highlights', 'Old name');
    document.body.append(stale);
    expect(tracker.roots()).toContain(stale.shadowRoot);

    stale.remove();
    const fresh = component('records-highlights', 'New name');
    document.body.append(fresh);
    tracker.added([addition(fresh)]);

    expect(tracker.roots()).toEqual([document, fresh.shadowRoot]);
  });

  it('walks the whole document again after a reset, telling of every root again', () => {
    const host = component('records-item');
    document.body.append(host);
    tracker.roots();

    tracker.reset();

    expect(tracker.roots()).toEqual([document, host.shadowRoot]);
    expect(heard).toEqual([document, host.shadowRoot, document, host.shadowRoot]);
  });

  it('keeps no more roots than a read looks into, however many the page adds', () => {
    tracker.roots();
    const hosts = Array.from({ length: maxSearchRoots + 10 }, (_, index) =>
      component(`records-item-${index}`),
    );
    document.body.append(...hosts);

    tracker.added([addition(...hosts)]);

    expect(tracker.roots()).toHaveLength(maxSearchRoots);
  });

  it('walks a large page a slice at a time, in tasks of its own, and says when it has found every root', () => {
    const early = component('records-highlights');
    const late = component('records-related-list');
    document.body.append(early, ...plainElements(3000), late);
    const manual = manualTimers(1);
    tracker = track(manual.timers);

    const firstSlice = tracker.roots();

    expect(firstSlice).toContain(early.shadowRoot);
    expect(firstSlice).not.toContain(late.shadowRoot);
    expect(manual.waiting()).toBe(1);
    // A read while the walk goes on gets what is known so far, and does not walk itself.
    expect(tracker.roots()).toHaveLength(firstSlice.length);
    expect(manual.runAll()).toBeGreaterThan(3);
    expect(walksEnded).toBe(1);
    expect(tracker.roots()).toEqual([document, early.shadowRoot, late.shadowRoot]);
    expect(heard).toEqual([document, early.shadowRoot, late.shadowRoot]);
  });

  it('looks into what the page added during a walk once the walk is over', () => {
    document.body.append(...plainElements(3000));
    const manual = manualTimers(1);
    tracker = track(manual.timers);
    tracker.roots();

    const addedMeanwhile = component('records-item');
    document.body.prepend(addedMeanwhile);
    tracker.added([addition(addedMeanwhile)]);
    manual.runAll();

    expect(tracker.roots()).toEqual([document, addedMeanwhile.shadowRoot]);
  });

  it('drops a walk in progress on a reset, without a word of its end', () => {
    const late = component('records-related-list');
    document.body.append(...plainElements(3000), late);
    const manual = manualTimers(1);
    tracker = track(manual.timers);
    tracker.roots();

    tracker.reset();

    expect(manual.waiting()).toBe(0);
    expect(walksEnded).toBe(0);
    expect(heard).not.toContain(late.shadowRoot);
  });
});
