-- Baton's schema. One dialect for PostgreSQL 15+ and PGlite (PostgreSQL 18).
-- Every table carries workspace_id: queries filter on it, and row-level security is the second wall.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The change counter: every push takes the next value as the last step before commit, so
  -- pull cursors never skip a change committed out of order.
  version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE teams (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  function text NOT NULL CHECK (function IN ('marketing', 'sales', 'customer_success', 'support')),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, name)
);

CREATE TABLE users (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id text NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('marketer', 'rep', 'csm', 'support', 'manager', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, email)
);

CREATE TABLE team_members (
  workspace_id uuid NOT NULL,
  team_id text NOT NULL,
  user_id text NOT NULL,
  manages boolean NOT NULL DEFAULT false,
  PRIMARY KEY (workspace_id, team_id, user_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);

-- A token is `bt_<id>_<secret>`: looked up by its public id, its secret compared by hash in constant time.
CREATE TABLE tokens (
  id text PRIMARY KEY,
  workspace_id uuid NOT NULL,
  user_id text NOT NULL,
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);

CREATE TABLE playbooks (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  version integer NOT NULL CHECK (version > 0),
  document jsonb NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, version)
);

CREATE TABLE packets (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  handoff_point text NOT NULL,
  status text NOT NULL,
  document jsonb NOT NULL,
  customer_name text,
  customer_domain text,
  created_by text NOT NULL,
  giving_user_id text,
  giving_team_id text,
  receiving_user_id text,
  receiving_team_id text,
  completeness real NOT NULL DEFAULT 0,
  exit_met boolean NOT NULL DEFAULT false,
  -- SLA figures computed by lib/ in the push transaction. A running clock's state follows from the
  -- clock on the wall (due_soon_at, next_deadline); sla_state holds the state of clocks that are not running.
  sla_state text NOT NULL DEFAULT 'not_started',
  due_soon_at timestamptz,
  next_deadline timestamptz,
  submitted_at timestamptz,
  accepted_at timestamptz,
  kickoff_at timestamptz,
  first_value_at timestamptz,
  closed_at timestamptz,
  version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX packets_by_version ON packets (workspace_id, version);
-- Team lists in deadline order (no deadline last), as one expression so that a bound on it bounds the scan.
-- A CASE rather than coalesce: under row-level security only leakproof conditions become index conditions.
CREATE INDEX packets_by_urgency
  ON packets (workspace_id, (CASE WHEN next_deadline IS NULL THEN 'infinity'::timestamptz ELSE next_deadline END), id)
  WHERE status <> 'closed';
CREATE INDEX packets_by_receiving_team ON packets (workspace_id, receiving_team_id, next_deadline);
CREATE INDEX packets_by_giving_team ON packets (workspace_id, giving_team_id, next_deadline);
CREATE INDEX packets_by_receiving_user ON packets (workspace_id, receiving_user_id, next_deadline);
CREATE INDEX packets_by_giving_user ON packets (workspace_id, giving_user_id, next_deadline);
CREATE INDEX packets_by_submission ON packets (workspace_id, submitted_at);
CREATE INDEX packets_by_customer_name ON packets (workspace_id, lower(customer_name) text_pattern_ops);
CREATE INDEX packets_by_customer_domain ON packets (workspace_id, lower(customer_domain) text_pattern_ops);

CREATE TABLE packet_records (
  workspace_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  system text NOT NULL,
  instance text NOT NULL,
  object_kind text NOT NULL,
  record_id text NOT NULL,
  handoff_point text NOT NULL,
  open boolean NOT NULL,
  PRIMARY KEY (workspace_id, packet_id, system, instance, object_kind, record_id),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);
-- One open packet per record and handoff point; a closed one does not block the next.
CREATE UNIQUE INDEX one_open_packet_per_record
  ON packet_records (workspace_id, system, instance, object_kind, record_id, handoff_point) WHERE open;
CREATE INDEX packet_records_by_record ON packet_records (workspace_id, system, instance, object_kind, record_id);

-- A packet created offline for a record that already had one joins it; its id stays an alias.
CREATE TABLE packet_aliases (
  workspace_id uuid NOT NULL,
  alias_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, alias_id),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);
CREATE INDEX packet_aliases_by_version ON packet_aliases (workspace_id, version);

CREATE TABLE events (
  workspace_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  seq integer NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, packet_id, seq),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);

-- What was handed over, exactly, and by which rules it was judged.
CREATE TABLE snapshots (
  workspace_id uuid NOT NULL,
  packet_id uuid NOT NULL,
  seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('submitted', 'accepted')),
  packet jsonb NOT NULL,
  playbook_version integer NOT NULL,
  taken_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, packet_id, seq),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);

CREATE TABLE clients (
  workspace_id uuid NOT NULL,
  id text NOT NULL,
  user_id text NOT NULL,
  last_mutation_id bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);

CREATE TABLE rejections (
  workspace_id uuid NOT NULL,
  client_id text NOT NULL,
  mutation_id bigint NOT NULL,
  name text NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  at timestamptz NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, client_id, mutation_id),
  FOREIGN KEY (workspace_id, client_id) REFERENCES clients (workspace_id, id)
);

-- Packets a user looked at through a record recently: they follow them in pull.
CREATE TABLE packet_views (
  workspace_id uuid NOT NULL,
  user_id text NOT NULL,
  packet_id uuid NOT NULL,
  viewed_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, user_id, packet_id),
  FOREIGN KEY (workspace_id, packet_id) REFERENCES packets (workspace_id, id)
);
