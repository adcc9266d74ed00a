import { type ListName, lists, scalarFields } from '../handoff/fields';
import { liveItems, type Packet } from '../handoff/packet';

/** A value a template needs and the packet lacks, as the panel shows it: its label and where to fill it. */
export interface TemplateGap {
  name: string;
  label: string;
  /** What `focusField` takes to bring the person to it. */
  field: string;
}

const ownerLabels: Record<string, string> = {
  'owners.giving': 'Giving owner',
  'owners.receiving': 'Receiving owner',
};

function isList(name: string): name is ListName {
  return Object.hasOwn(lists, name);
}

function isScalar(name: string): name is keyof typeof scalarFields {
  return Object.hasOwn(scalarFields, name);
}

/**
 * A name `renderTemplate` reports missing (a scalar field, a list, `list.field` or an owner) as a gap. An
 * item field no item has is filled in the first item, or by adding one when the list is empty.
 */
export function templateGap(name: string, packet: Packet): TemplateGap {
  const owner = ownerLabels[name];
  if (owner) return { name, label: owner, field: name };
  if (isScalar(name)) return { name, label: scalarFields[name].label, field: name };
  if (isList(name)) return { name, label: lists[name].label, field: name };
  const [list = '', field = ''] = name.split('.');
  if (!isList(list)) return { name, label: name, field: name };
  const fieldDef = (lists[list].fields as Record<string, { label: string }>)[field];
  const first = liveItems(packet, list)[0];
  return {
    name,
    label: `${lists[list].label}: ${fieldDef?.label ?? field}`,
    field: first ? `${list}.${first.id}.${field}` : list,
  };
}
