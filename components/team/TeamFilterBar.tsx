import { HandoffPoint, handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise, slaStateLabels } from '../../lib/handoff/labels';
import { openStatuses, type Status } from '../../lib/handoff/packet';
import { SlaState } from '../../lib/handoff/sla-state';
import { usePeople } from '../../lib/panel/people';
import type { TeamFilters } from '../../lib/team/handoffs';

/** The chosen value when it is one of the options, else none: a select sends back only what it offered. */
function oneOf<T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((option) => option === value);
}

type Choice = { value: string; label: string };

function FilterSelect(props: {
  id: string;
  label: string;
  value: string | undefined;
  any: string;
  choices: Choice[];
  onChoose(value: string): void;
}) {
  return (
    <label for={props.id}>
      {props.label}{' '}
      <select
        id={props.id}
        value={props.value ?? ''}
        onChange={(event) => props.onChoose(event.currentTarget.value)}
      >
        <option value="">{props.any}</option>
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The team view's filters: handoff point, owner (from the directory, by name), status and SLA state. */
export function TeamFilterBar({
  filters,
  onChange,
}: {
  filters: TeamFilters;
  onChange(filters: TeamFilters): void;
}) {
  const people = usePeople();
  const owners = [...people.directory.people].sort((a, b) => a.name.localeCompare(b.name));
  const ownerChoices = owners.map((person) => ({ value: person.id, label: person.name }));
  // An owner chosen before the directory forgot them stays selectable, so the select shows the filter in force.
  if (filters.owner && !owners.some((person) => person.id === filters.owner))
    ownerChoices.push({ value: filters.owner, label: people.nameOf(filters.owner) });
  const set = <Key extends keyof TeamFilters>(key: Key, value: TeamFilters[Key] | undefined) => {
    const next = { ...filters };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <fieldset class="baton-team-filters">
      <legend>Filter</legend>
      <FilterSelect
        id="baton-team-point"
        label="Handoff point"
        value={filters.handoffPoint}
        any="Any handoff point"
        choices={HandoffPoint.options.map((point) => ({ value: point, label: handoffPoints[point].label }))}
        onChoose={(value) => set('handoffPoint', oneOf(HandoffPoint.options, value))}
      />
      <FilterSelect
        id="baton-team-owner"
        label="Owner"
        value={filters.owner}
        any="Anyone"
        choices={ownerChoices}
        onChoose={(value) =>
          set(
            'owner',
            oneOf(
              ownerChoices.map((choice) => choice.value),
              value,
            ),
          )
        }
      />
      <FilterSelect
        id="baton-team-status"
        label="Status"
        value={filters.status}
        any="Any open status"
        choices={openStatuses.map((status: Status) => ({ value: status, label: humanise(status) }))}
        onChoose={(value) => set('status', oneOf(openStatuses, value))}
      />
      <FilterSelect
        id="baton-team-sla"
        label="SLA"
        value={filters.slaState}
        any="Any SLA state"
        choices={SlaState.options.map((state) => ({ value: state, label: slaStateLabels[state] }))}
        onChoose={(value) => set('slaState', oneOf(SlaState.options, value))}
      />
    </fieldset>
  );
}
