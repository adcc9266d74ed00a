-- CRM events (POST /v1/events): the sources that sign them, and every event received, each once.

-- A CRM workflow that posts events, and the secret it signs them with. The API computes the same
-- HMAC to check a signature, so the secret is kept as issued (unlike a token's, which is hashed).
CREATE TABLE event_sources (
  id text PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX event_sources_by_workspace ON event_sources (workspace_id, created_at);

-- Every event received, by the CRM's id of it: the same id again is a retry, answered with what the
-- first one did. The primary key is what makes two identical events arriving at once apply once.
CREATE TABLE crm_events (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id text NOT NULL,
  source_id text NOT NULL REFERENCES event_sources (id),
  type text NOT NULL CHECK (type IN ('closed_won', 'stage_changed', 'owner_changed')),
  system text NOT NULL,
  instance text NOT NULL,
  object_kind text NOT NULL,
  record_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL,
  -- The packet it changed or started, if any.
  packet_id uuid,
  detail text,
  -- The event as validated, so an admin can act on one nobody could be given.
  event jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);
-- Admins list them newest first, all or of one outcome (the unclaimed ones to act on).
CREATE INDEX crm_events_by_received ON crm_events (workspace_id, received_at);
CREATE INDEX crm_events_by_outcome ON crm_events (workspace_id, outcome, received_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON event_sources, crm_events TO baton_app;
ALTER TABLE event_sources ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON event_sources
  USING (workspace_id = nullif(current_setting('baton.workspace_id', true), '')::uuid);
ALTER TABLE crm_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON crm_events
  USING (workspace_id = nullif(current_setting('baton.workspace_id', true), '')::uuid);
