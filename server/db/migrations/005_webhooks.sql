-- Outbound webhooks: where a workspace wants its notices sent, and each send, kept as the delivery log.

CREATE TABLE webhooks (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  -- The HMAC key, kept as issued: signing needs the key itself, so it cannot be stored as a hash.
  secret text NOT NULL,
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Removed webhooks stay, so that their delivery log does.
  removed_at timestamptz,
  PRIMARY KEY (workspace_id, id)
);
-- What every push reads to enqueue deliveries: nothing at all for a workspace without webhooks.
CREATE INDEX webhooks_live ON webhooks (workspace_id) WHERE removed_at IS NULL;

-- One row per webhook and event: enqueued by the statement that records the event (the outbox), then
-- attempted until delivered or out of attempts.
CREATE TABLE webhook_deliveries (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  webhook_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  seq integer NOT NULL,
  event_type text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- While pending, when it is next due: after a failure its backoff, during an attempt the attempt's lease.
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text CHECK (length(last_error) <= 500),
  -- The JSON sent, rendered at the first attempt and kept, so every retry sends the same bytes.
  body text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, webhook_id, packet_id, seq),
  FOREIGN KEY (workspace_id, webhook_id) REFERENCES webhooks (workspace_id, id),
  FOREIGN KEY (workspace_id, packet_id, seq) REFERENCES events (workspace_id, packet_id, seq)
);
-- The due deliveries, found by workspace and by when: pending rows only, so it stays small.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (workspace_id, next_attempt_at) WHERE status = 'pending';
-- The delivery log, newest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (workspace_id, webhook_id, created_at DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON webhooks, webhook_deliveries TO baton_app;
ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON webhooks
  USING (workspace_id = nullif(current_setting('baton.workspace_id', true), '')::uuid);
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON webhook_deliveries
  USING (workspace_id = nullif(current_setting('baton.workspace_id', true), '')::uuid);
