// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { maxSearchRoots, type SearchRoot } from '../adapters/page';
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

describe('following the open shadow roots of a page', () => {
  let heard: SearchRoot[];
  let tracker: ShadowRootTracker;

  beforeEach(() => {
    document.body.replaceChildren();
    heard = [];
    tracker = createShadowRootTracker(document, (root) => heard.push(root));
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

  it('walks the whole document again when what was added holds too many elements to look into', () => {
    tracker.roots();
    const unreported = component('records-unreported');
    const table = document.createElement('table');
    for (let row = 0; row < 5001; row++) table.append(document.createElement('tr'));
    document.body.append(unreported, table);

    tracker.added([addition(table)]);

    expect(tracker.roots()).toContain(unreported.shadowRoot);
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
});
