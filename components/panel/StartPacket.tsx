import { useState } from 'preact/hooks';
import { type ScalarField, scalarFields } from '../../lib/handoff/fields';
import { HandoffPoint, handoffPoints } from '../../lib/handoff/handoff-points';
import { systemLabels } from '../../lib/handoff/labels';
import { usePanelSession } from '../../lib/panel/session';
import { prefillFrom, suggestHandoffPoint } from '../../lib/panel/start-suggestion';
import { useStore } from '../../lib/panel/use-store';
import { recordKeyOf } from './record-key';
import type { PanelRecord } from './types';

/** Starts a packet for this record at the suggested handoff point, filled with what the CRM page showed. */
export function StartPacket({ record }: { record: PanelRecord }) {
  const { editor, store } = usePanelSession();
  const suggestion = suggestHandoffPoint(record);
  // The suggestion follows the page (its stage can arrive after the record) until the person picks a point.
  const [chosen, setChosen] = useState<HandoffPoint | null>(null);
  const point = chosen ?? suggestion.point;
  const error = useStore(store, (state) => state.actionErrors.start);
  const prefill = prefillFrom(record);
  const prefilled = Object.entries(prefill) as Array<[ScalarField, string | number]>;

  const start = async (event: Event) => {
    event.preventDefault();
    const args = { packetId: crypto.randomUUID(), handoffPoint: point, record: recordKeyOf(record), prefill };
    const result = await editor.run('createPacket', args, { action: 'start' });
    if (result.ok) store.setState({ selectedPacketId: result.packet.id, focusRequest: 'completeness' });
  };

  return (
    <section class="baton-start" aria-labelledby="baton-start-title">
      <h2 id="baton-start-title">Start a handoff</h2>
      <form onSubmit={start}>
        <label htmlFor="baton-start-point">Handoff point</label>
        <select
          id="baton-start-point"
          value={point}
          aria-describedby="baton-start-why"
          onChange={(event) => {
            const value = event.currentTarget.value;
            setChosen(HandoffPoint.options.find((option) => option === value) ?? null);
          }}
        >
          {HandoffPoint.options.map((option) => (
            <option key={option} value={option}>
              {handoffPoints[option].label}
              {option === suggestion.point ? ' (suggested)' : ''}
            </option>
          ))}
        </select>
        <p id="baton-start-why" class="baton-muted">
          Suggested because {suggestion.why}.
        </p>
        {prefilled.length > 0 && (
          <div class="baton-prefill">
            <p>Filled in from {systemLabels[record.system]}:</p>
            <dl>
              {prefilled.map(([field, value]) => (
                <div key={field}>
                  <dt>{scalarFields[field].label}</dt>
                  <dd>{String(value)}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
        <button type="submit">Start handoff packet</button>
        {error && (
          <p class="baton-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
