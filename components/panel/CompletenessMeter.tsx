import type { Gap } from '../../lib/handoff/completeness';
import { fieldDomId, focusField } from '../../lib/panel/focus';
import { gapsToShow } from '../../lib/panel/gaps';
import { usePacketView } from './packet-view';

function GapItem({ gap, index }: { gap: Gap; index: number }) {
  const whyId = `baton-gap-why-${index}`;
  const kind = gap.blocking
    ? gap.stage === 'exit'
      ? 'Required to submit'
      : 'Required to accept'
    : 'Recommended';
  return (
    <li class={gap.blocking ? 'baton-gap baton-gap-blocking' : 'baton-gap'}>
      <button type="button" class="baton-link" aria-describedby={whyId} onClick={() => focusField(gap.field)}>
        {gap.message}
      </button>
      <span id={whyId} class="baton-muted">
        <span class="baton-tag">{kind}</span> {gap.why}
      </span>
    </li>
  );
}

/** The packet's completeness score and what is missing; choosing a gap takes the person to its field. */
export function CompletenessMeter() {
  const { completeness } = usePacketView();
  const percent = Math.round(completeness.score * 100);
  const gaps = gapsToShow(completeness.gaps);
  const blocking = gaps.filter((gap) => gap.blocking).length;
  return (
    <section class="baton-completeness" aria-labelledby={fieldDomId('completeness')}>
      <h2 id={fieldDomId('completeness')} tabIndex={-1}>
        Completeness
      </h2>
      <div class="baton-meter-row">
        <meter
          id="baton-completeness-meter"
          min={0}
          max={100}
          value={percent}
          aria-labelledby={fieldDomId('completeness')}
        />
        <span>{percent}%</span>
      </div>
      <p>
        {gaps.length === 0
          ? 'Nothing missing.'
          : `${blocking} required, ${gaps.length - blocking} recommended to go.`}
      </p>
      {gaps.length > 0 && (
        <ul class="baton-gaps" aria-label="What is missing">
          {gaps.map((gap, index) => (
            <GapItem key={`${gap.stage}-${gap.criterionId}`} gap={gap} index={index} />
          ))}
        </ul>
      )}
    </section>
  );
}
