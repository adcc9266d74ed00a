import type { DetectedRecord, RecordLocation } from '../adapters/types';

export interface RecordFollowerOptions {
  /** The record a URL names, from the URL alone. */
  locate(url: string): RecordLocation | null;
  /** The record a URL names, with what the page currently shows of it (name, deal context). */
  read(url: string): DetectedRecord | null;
  /** Called with each new version of the tab's record: a new record, or new details of the same one. */
  onRecord(record: DetectedRecord | null): void;
}

export interface RecordFollower {
  /** The page's URL changed (or was first seen): reports its record from the URL alone, without reading the page. */
  navigate(url: string): void;
  /** Look at the page again: the new record's details may have rendered since. True when it reported them. */
  read(url: string): boolean;
  current(): DetectedRecord | null;
}

/**
 * Follows the record a single-page app shows. A new record is reported at once from its URL, then
 * again with its details once the page shows them. A single-page app changes the URL before it
 * renders the record, so until the name on the page differs from the previous record's, the page
 * still shows that previous record and nothing is read from it: record B never carries A's name.
 * Left before its name was read (a quick second click), a record's name may be on the page already:
 * the page is read once more as it is left, and what it showed is stale for the next record too.
 */
export function createRecordFollower({ locate, read, onRecord }: RecordFollowerOptions): RecordFollower {
  let current: { key: string; url: string; record: DetectedRecord; staleNames: Set<string> } | null = null;
  let lastNamed: { key: string; name: string } | undefined;
  let reported: string | undefined;

  const report = (record: DetectedRecord | null): boolean => {
    const serialised = JSON.stringify(record);
    if (serialised === reported) return false;
    reported = serialised;
    onRecord(record);
    return true;
  };

  const follower: RecordFollower = {
    navigate(url) {
      const location = locate(url);
      const key = location && recordKey(location);
      // The first look always reports: the tab's previous page may have left a record behind.
      if (reported !== undefined && key === (current?.key ?? null)) return;
      if (!location || !key) {
        current = null;
        report(null);
        return;
      }
      const staleNames = new Set<string>();
      if (lastNamed && lastNamed.key !== key) staleNames.add(lastNamed.name);
      const leftUnnamed = current && lastNamed?.key !== current.key ? read(current.url)?.name : undefined;
      if (leftUnnamed !== undefined) staleNames.add(leftUnnamed);
      current = { key, url, record: location, staleNames };
      report(current.record);
    },
    read(url) {
      if (!current) return false;
      const shown = read(url);
      if (!shown || recordKey(shown) !== current.key) return false;
      if (shown.name === undefined || current.staleNames.has(shown.name)) return false;
      lastNamed = { key: current.key, name: shown.name };
      current.record = shown;
      return report(shown);
    },
    current: () => current?.record ?? null,
  };
  return follower;
}

export function recordKey(record: RecordLocation): string {
  return [record.system, record.instance, record.objectKind, record.id].map(encodeURIComponent).join('/');
}
