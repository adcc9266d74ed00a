-- Outcome metrics read per-packet summaries instead of replaying every history on each request: lib/
-- computes a packet's summary from its history (lib/handoff/metrics.ts packetOutcome), and the dashboard's
-- figures are SQL aggregates over these rows. They are a cache: refreshed on read for the packets whose
-- version passed the workspace's watermark, and all of them again when the playbook changes.

CREATE TABLE packet_outcomes (
  workspace_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  -- The packet's version the summary was computed from.
  version bigint NOT NULL,
  -- Copied from the packet row, so that the aggregates read one table: who and where, as of that version.
  handoff_point text NOT NULL,
  giving_user_id text,
  giving_team_id text,
  receiving_user_id text,
  receiving_team_id text,
  -- First `created` and first `submitted` events: the stage-conversion and submission cohorts.
  created_at timestamptz,
  submitted_at timestamptz,
  -- The first day of submitted_at's UTC month: the monthly cohort, grouped without computing it per row.
  submitted_month date,
  -- How far the funnel went: 0 created, 1 submitted, 2 accepted, 3 kickoff held, 4 first value.
  furthest_stage smallint NOT NULL,
  -- First submitted → first kickoff held / first value reached: elapsed, and working time of the
  -- receiving team's calendar.
  kickoff_ms bigint,
  kickoff_business_ms bigint,
  first_value_ms bigint,
  first_value_business_ms bigint,
  completeness_at_submit double precision,
  ever_accepted boolean NOT NULL,
  ever_returned boolean NOT NULL,
  edited_after_acceptance boolean NOT NULL,
  reached_first_value boolean NOT NULL,
  PRIMARY KEY (workspace_id, packet_id),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);
CREATE INDEX packet_outcomes_by_submission ON packet_outcomes (workspace_id, submitted_at);
CREATE INDEX packet_outcomes_by_creation ON packet_outcomes (workspace_id, created_at);
CREATE INDEX packet_outcomes_by_month ON packet_outcomes (workspace_id, submitted_month);

-- The latest cycle of each SLA clock that started: its state when summarised, and for a running clock
-- its deadline, from which the query tells whether it is late now. With the packet's filter columns, so
-- that SLA figures read this table alone, whatever the planner knows of the tables' sizes.
CREATE TABLE packet_sla_outcomes (
  workspace_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  policy_id text NOT NULL,
  handoff_point text NOT NULL,
  giving_user_id text,
  giving_team_id text,
  receiving_user_id text,
  receiving_team_id text,
  submitted_at timestamptz,
  submitted_month date,
  state text NOT NULL,
  stopped boolean NOT NULL,
  deadline timestamptz,
  PRIMARY KEY (workspace_id, packet_id, policy_id),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);
CREATE INDEX packet_sla_outcomes_by_submission ON packet_sla_outcomes (workspace_id, submitted_at);

-- Up to which change-counter value, and for which playbook version, a workspace's summaries are current.
CREATE TABLE outcome_watermarks (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id),
  version bigint NOT NULL,
  playbook_version integer NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON packet_outcomes, packet_sla_outcomes, outcome_watermarks TO baton_app;
DO $$
DECLARE
  walled text;
BEGIN
  FOREACH walled IN ARRAY ARRAY['packet_outcomes', 'packet_sla_outcomes', 'outcome_watermarks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', walled);
    EXECUTE format(
      'CREATE POLICY workspace_wall ON %I USING (workspace_id = nullif(current_setting(''baton.workspace_id'', true), '''')::uuid)',
      walled
    );
  END LOOP;
END
$$;
