-- The Improve loop (GET /v1/improve): what each packet's first submission met and how it turned out,
-- kept on the row by lib/ (improveSummaryOf) so that the report is one aggregate over indexed rows.

-- Ids of the criteria met at the first submission. Null before it, and for packets first submitted
-- before `submitted` events recorded them: the report counts those as unknown, never as unmet.
ALTER TABLE packets ADD COLUMN submit_criteria_met text[];
-- The completeness score of the first submission (always recorded in its event).
ALTER TABLE packets ADD COLUMN submit_completeness double precision;
-- The first `returned` event.
ALTER TABLE packets ADD COLUMN returned_at timestamptz;
-- 'breached' when any SLA clock breached, 'met' when one stopped in time and none breached, else null.
-- A running clock that passes its deadline later is read as breached through next_deadline.
ALTER TABLE packets ADD COLUMN sla_outcome text CHECK (sla_outcome IN ('met', 'breached'));

UPDATE packets p SET
  submit_completeness = (
    SELECT CASE WHEN jsonb_typeof(e.data -> 'completeness') = 'number'
                THEN (e.data ->> 'completeness')::double precision END
      FROM events e WHERE e.workspace_id = p.workspace_id AND e.packet_id = p.id AND e.type = 'submitted'
     ORDER BY e.seq LIMIT 1),
  returned_at = (
    SELECT min(e.at) FROM events e
     WHERE e.workspace_id = p.workspace_id AND e.packet_id = p.id AND e.type = 'returned'),
  -- The worst state tells the outcome when it is breached, or met (every clock stopped in time or
  -- never started); with a clock still running the finished ones are not known until the next write.
  sla_outcome = CASE WHEN sla_state IN ('met', 'breached') THEN sla_state END;
