-- The SLA sweeper: when each packet's next SLA step comes due, and the steps taken, each once.

-- The earliest step (reminder, breach, escalation) of a running clock not yet taken; computed by lib/
-- with the rest of the row. Until a packet is next written, its first reminder or its deadline.
ALTER TABLE packets ADD COLUMN next_action_at timestamptz;
UPDATE packets SET next_action_at = least(due_soon_at, next_deadline) WHERE status <> 'closed';
CREATE INDEX packets_by_next_sla_action ON packets (workspace_id, next_action_at)
  WHERE status <> 'closed' AND next_action_at IS NOT NULL;

-- Each step once per packet, policy, clock start and step, however many sweepers run: a second
-- insert of the same step fails its transaction, which then sees the step taken and does nothing.
CREATE TABLE sla_steps (
  workspace_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  policy_id text NOT NULL,
  cycle_start timestamptz NOT NULL,
  step text NOT NULL,
  taken_at timestamptz NOT NULL,
  -- The history event that records it; null for a step a catch-up took as done with a later one.
  seq integer,
  PRIMARY KEY (workspace_id, packet_id, policy_id, cycle_start, step),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);

-- The change counter value of the push (or sweep) that wrote each event, so pull can bring the events
-- people are told about. Older events have none: they were never to be told.
ALTER TABLE events ADD COLUMN version bigint;
CREATE INDEX events_by_version ON events (workspace_id, version) WHERE version IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON sla_steps TO baton_app;
ALTER TABLE sla_steps ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON sla_steps
  USING (workspace_id = nullif(current_setting('baton.workspace_id', true), '')::uuid);
