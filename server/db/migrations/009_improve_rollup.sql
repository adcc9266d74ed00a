-- The Improve loop's sums by day: what GET /v1/improve and /v1/maturity read for the whole days of their
-- window, so a year of 100k packets is a few thousand rows, not 100k. Kept by a trigger on packets from the
-- summary columns of migration 008: every write that changes them takes the row's old contribution out
-- and puts its new one in. Days are UTC dates of the first submission; `complete_enough` is the
-- completeness at first submission against 0.9 (COMPLETENESS_THRESHOLD in lib/handoff/improve.ts).
CREATE TABLE improve_rollup (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  handoff_point text NOT NULL,
  day date NOT NULL,
  giving_team_id text,
  receiving_team_id text,
  criteria_met text[],
  complete_enough boolean,
  packets integer NOT NULL,
  returned integer NOT NULL,
  sla_finished integer NOT NULL,
  sla_met integer NOT NULL,
  fv_count integer NOT NULL,
  fv_sum double precision NOT NULL,
  fv_squares double precision NOT NULL,
  completeness_sum double precision NOT NULL,
  completeness_count integer NOT NULL,
  accepted integer NOT NULL,
  accepted_first_value integer NOT NULL,
  CONSTRAINT improve_rollup_key UNIQUE NULLS NOT DISTINCT
    (workspace_id, day, handoff_point, giving_team_id, receiving_team_id, criteria_met, complete_enough)
);

-- One packet row's contribution, times `sign` (1 to add it, -1 to take it out).
CREATE FUNCTION improve_rollup_add(p packets, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO improve_rollup AS r (workspace_id, handoff_point, day, giving_team_id, receiving_team_id,
    criteria_met, complete_enough, packets, returned, sla_finished, sla_met, fv_count, fv_sum, fv_squares,
    completeness_sum, completeness_count, accepted, accepted_first_value)
  SELECT p.workspace_id, p.handoff_point, (p.submitted_at AT TIME ZONE 'UTC')::date, p.giving_team_id,
    p.receiving_team_id, p.submit_criteria_met, p.submit_completeness >= 0.9::float8,
    sign, sign * (p.returned_at IS NOT NULL)::int, sign * (p.sla_outcome IS NOT NULL)::int,
    sign * (coalesce(p.sla_outcome = 'met', false))::int, sign * (p.first_value_at IS NOT NULL)::int,
    sign * coalesce(d.days, 0), sign * coalesce(d.days * d.days, 0),
    sign * coalesce(p.submit_completeness, 0), sign * (p.submit_completeness IS NOT NULL)::int,
    sign * (p.accepted_at IS NOT NULL)::int, sign * (p.accepted_at IS NOT NULL AND p.first_value_at IS NOT NULL)::int
    FROM (SELECT extract(epoch FROM p.first_value_at - p.submitted_at)::float8 / 86400 AS days) d
  ON CONFLICT ON CONSTRAINT improve_rollup_key DO UPDATE SET
    packets = r.packets + excluded.packets, returned = r.returned + excluded.returned,
    sla_finished = r.sla_finished + excluded.sla_finished, sla_met = r.sla_met + excluded.sla_met,
    fv_count = r.fv_count + excluded.fv_count, fv_sum = r.fv_sum + excluded.fv_sum,
    fv_squares = r.fv_squares + excluded.fv_squares, completeness_sum = r.completeness_sum + excluded.completeness_sum,
    completeness_count = r.completeness_count + excluded.completeness_count,
    accepted = r.accepted + excluded.accepted, accepted_first_value = r.accepted_first_value + excluded.accepted_first_value
$$;

CREATE FUNCTION improve_rollup_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most writes (edits, SLA steps) change nothing the rollup counts.
  IF TG_OP = 'UPDATE' AND (OLD.submitted_at, OLD.handoff_point, OLD.giving_team_id, OLD.receiving_team_id,
      OLD.submit_criteria_met, OLD.submit_completeness, OLD.returned_at, OLD.sla_outcome, OLD.first_value_at,
      OLD.accepted_at) IS NOT DISTINCT FROM (NEW.submitted_at, NEW.handoff_point, NEW.giving_team_id,
      NEW.receiving_team_id, NEW.submit_criteria_met, NEW.submit_completeness, NEW.returned_at, NEW.sla_outcome,
      NEW.first_value_at, NEW.accepted_at) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.submitted_at IS NOT NULL THEN PERFORM improve_rollup_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' AND NEW.submitted_at IS NOT NULL THEN PERFORM improve_rollup_add(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER improve_rollup AFTER INSERT OR UPDATE OR DELETE ON packets
  FOR EACH ROW EXECUTE FUNCTION improve_rollup_track();

SELECT improve_rollup_add(p, 1) FROM packets p WHERE p.submitted_at IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON improve_rollup TO baton_app;
ALTER TABLE improve_rollup ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON improve_rollup
  USING (workspace_id = nullif(current_setting('baton.workspace_id', true), '')::uuid);
