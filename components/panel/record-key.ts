import type { RecordKey } from '../../lib/handoff/record';
import type { PanelRecord } from './types';

/** The part of a detected record that identifies it everywhere: what packets link to. */
export function recordKeyOf(record: PanelRecord): RecordKey {
  return { system: record.system, instance: record.instance, objectKind: record.objectKind, id: record.id };
}
