/**
 * Reading a rendered record page: what the adapters share. Best effort by design: every reader returns
 * undefined rather than guess, and none depends on generated class names.
 */

export type SearchRoot = Document | ShadowRoot;

export function cleanText(text: string | null | undefined): string | undefined {
  const clean = text?.replace(/\s+/g, ' ').trim();
  return clean ? clean : undefined;
}

/** What a field shows: a control's value, a select's chosen option, or else its text. */
export function fieldText(element: Element | null | undefined): string | undefined {
  const control = element?.matches('input, select, textarea')
    ? element
    : element?.querySelector('input, select, textarea');
  if (control?.tagName === 'SELECT') {
    return cleanText((control as HTMLSelectElement).selectedOptions[0]?.textContent);
  }
  if (control) return cleanText((control as HTMLInputElement | HTMLTextAreaElement).value);
  return cleanText(element?.textContent) ?? cleanText(element?.shadowRoot?.textContent);
}

/** A date field: the machine-readable `<time datetime>` when the page gives one, else its text. */
export function dateOf(element: Element | null | undefined, lang: string): string | undefined {
  const time = element?.matches('time[datetime]') ? element : element?.querySelector('time[datetime]');
  return parseDate(time?.getAttribute('datetime') ?? fieldText(element), lang);
}

/**
 * The field beside a visible label: the control of a `<label>`, the `<dd>` after a `<dt>`, or an element
 * whose aria-label is the label. Labels are matched whole and case-insensitively.
 */
export function labelled(root: ParentNode, label: string): Element | undefined {
  const wanted = label.toLowerCase();
  for (const candidate of root.querySelectorAll('label, dt')) {
    if (cleanText(candidate.textContent)?.toLowerCase() !== wanted) continue;
    const field =
      candidate.tagName === 'DT' ? candidate.nextElementSibling : (candidate as HTMLLabelElement).control;
    if (field) return field;
  }
  return [...root.querySelectorAll('[aria-label]')].find(
    (candidate) => candidate.getAttribute('aria-label')?.toLowerCase() === wanted,
  );
}

const titleSeparator = String.raw`\s+[|\-–—•·]\s+`;

/**
 * The record's name in a tab title such as "Acme Corp | Account | Salesforce": trailing parts naming the
 * tool or the object type are stripped. A title with none of them (a loading screen, a bare "Salesforce")
 * gives undefined rather than a wrong name.
 */
export function nameFromTitle(title: string, trailers: readonly string[]): string | undefined {
  const escaped = trailers.map((trailer) => trailer.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`));
  const trailing = new RegExp(`${titleSeparator}(?:${escaped.join('|')})$`, 'i');
  let name = title.trim();
  let stripped = false;
  for (let next = name.replace(trailing, ''); next !== name; next = name.replace(trailing, '')) {
    name = next;
    stripped = true;
  }
  return stripped ? cleanText(name) : undefined;
}

/** However many components a page has, reads look into this many roots at most. */
export const maxSearchRoots = 60;

/**
 * The document and the open shadow roots inside it, breadth first, walked at once. Salesforce renders record
 * fields in shadow DOM; the walk is bounded by the elements it looks at. The content script walks a slice at
 * a time instead (lib/overlay/shadow-root-tracker.ts).
 */
export function searchRoots(
  document: Document,
  maxRoots = maxSearchRoots,
  maxElements = maxWalkedElements,
): SearchRoot[] {
  const roots: SearchRoot[] = [document];
  const visit = (root: SearchRoot) => roots.push(root) < maxRoots;
  walkSearchRoots([document], visit, maxElements).resume(() => false);
  return roots;
}

/** However large the page, a walk for shadow roots looks at this many elements at most. */
export const maxWalkedElements = 15_000;
/**
 * Every element but the commonest that can never host a shadow root (`attachShadow` accepts only custom
 * elements and a few sectioning and text elements): each element a walk looks at costs the content script a
 * wrapper object, and these are about half of a record page's elements. Their descendants still match. The
 * list stays short because matching costs per name: all sixty such names cost 6–17 ms per query on the
 * heavy fixture, these 1–5 ms, leaving out as many elements.
 */
const possibleShadowHosts = '*:not(a,button,i,img,input,label,li,path,svg,td,th,tr,use)';
/** How many elements a walk looks at between two questions whether it should pause. */
const elementsBetweenPauseChecks = 64;

export interface SearchRootWalk {
  /**
   * Walks on from where it stopped until it is done (true), or until `enough()`, asked every few dozen
   * elements (so each call gets somewhere), says to pause (false). The page may change in between: what it
   * adds to a root that the walk has begun is not seen, and the walk may still meet elements it has since
   * removed.
   */
  resume(enough: () => boolean): boolean;
}

/**
 * The open shadow roots in and under `scopes` (the document, or elements the page added), theirs included,
 * a few elements at a time: on a page of fifteen thousand elements the whole walk takes tens of
 * milliseconds on a slow machine, too long for one task on the page's main thread. `visit` hears of each
 * root found and says whether to go on.
 */
export function walkSearchRoots(
  scopes: Iterable<SearchRoot | Element>,
  visit: (root: SearchRoot) => boolean,
  maxElements = maxWalkedElements,
): SearchRootWalk {
  const givenScopes = scopes[Symbol.iterator]();
  const foundRoots: SearchRoot[] = [];
  let elements: NodeListOf<Element> | undefined;
  let next = 0;
  let scanned = 0;
  let done = false;

  const nextScope = () => {
    const given = givenScopes.next();
    return given.done ? foundRoots.shift() : given.value;
  };
  /** False when the walk is to end. */
  const meet = (element: Element): boolean => {
    scanned += 1;
    if (scanned > maxElements) return false;
    const root = element.shadowRoot;
    if (!root) return true;
    foundRoots.push(root);
    return visit(root);
  };

  return {
    resume(enough) {
      let sinceCheck = 0;
      while (!done) {
        if (++sinceCheck > elementsBetweenPauseChecks) {
          sinceCheck = 0;
          if (enough()) return false;
        }
        if (elements && next < elements.length) {
          if (!meet(elements[next++] as Element)) break;
          continue;
        }
        const scope = nextScope();
        if (!scope) break;
        elements = undefined;
        if (scope.nodeType === Node.ELEMENT_NODE) {
          const element = scope as Element;
          // An element the page has taken out again holds nothing to read.
          if (!element.isConnected) continue;
          if (!meet(element)) break;
        }
        elements = scope.querySelectorAll(possibleShadowHosts);
        next = 0;
      }
      done = true;
      return true;
    },
  };
}

/**
 * The first element in the roots that matches and that the page shows. A tool may keep the pages of records
 * it showed before, hidden, in the document (Lightning caches the records visited): a hidden match may be
 * another record's, so it is never read, even when it is the only one.
 */
export function deepQuery(roots: readonly SearchRoot[], selector: string): Element | undefined {
  for (const root of roots) {
    for (const match of root.querySelectorAll(selector)) if (match.checkVisibility?.() ?? true) return match;
  }
  return undefined;
}

/**
 * An amount as shown, "$120,000.00", "€1.200,50", "1 200,50 kr": the first number in the text. With both
 * separators the last one is the decimal point; with one kind only, it is a decimal point when it occurs
 * once and is not followed by exactly three digits ("1,5" is 1.5, "120,000" is 120000).
 */
export function parseAmount(text: string | undefined): number | undefined {
  const match = text?.match(/\d(?:[\d.,'\s]*\d)?/);
  if (!text || !match) return undefined;
  const digits = match[0].replace(/['\s]/g, '');
  const lastComma = digits.lastIndexOf(',');
  const lastDot = digits.lastIndexOf('.');
  let decimalAt = -1;
  if (lastComma >= 0 && lastDot >= 0) decimalAt = Math.max(lastComma, lastDot);
  else {
    const at = Math.max(lastComma, lastDot);
    const once = at >= 0 && digits.indexOf(digits.charAt(at)) === at;
    if (once && digits.length - at - 1 !== 3) decimalAt = at;
  }
  const whole = (decimalAt >= 0 ? digits.slice(0, decimalAt) : digits).replace(/[.,]/g, '');
  const fraction = decimalAt >= 0 ? digits.slice(decimalAt + 1) : '0';
  const sign = /[-−]/.test(text.slice(0, match.index)) ? -1 : 1;
  const amount = sign * Number(`${whole}.${fraction}`);
  return Number.isFinite(amount) ? amount : undefined;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as YYYY-MM-DD, only where unambiguous: ISO dates; "30.11.2026" (dots are day first);
 * "11/30/2026" or "30/11/2026" when one part exceeds 12, and month first for an en-US page when neither
 * does; English month names ("Nov 30, 2026", "30 November 2026"). Anything else gives undefined.
 */
export function parseDate(text: string | undefined, lang: string): string | undefined {
  const value = text?.trim() ?? '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/.exec(value);
  if (numeric) {
    const [first, second, year] = [Number(numeric[1]), Number(numeric[3]), Number(numeric[4])];
    const dayFirst = numeric[2] === '.' || first > 12;
    const monthFirst = second > 12 || first === second || /^en-US$/i.test(lang);
    if (dayFirst) return calendarDate(year, second, first);
    return monthFirst ? calendarDate(year, first, second) : undefined;
  }
  const named =
    /^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/i.exec(value) ??
    /^(\d{1,2})\.?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})$/i.exec(value);
  if (!named) return undefined;
  const [month, day] = /^\d/.test(named[1] ?? '') ? [named[2], named[1]] : [named[1], named[2]];
  const monthNumber = monthNames.indexOf(month?.toLowerCase() ?? '') + 1;
  return monthNumber ? calendarDate(Number(named[3]), monthNumber, Number(day)) : undefined;
}

function calendarDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

/** The context without its empty fields, or undefined when nothing was found. */
export function compact<T extends object>(fields: T): T | undefined {
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as T) : undefined;
}
