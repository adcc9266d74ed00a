-- The second wall: requests run as baton_app, which sees only the rows of the workspace that the
-- request's transaction names in baton.workspace_id. With no workspace named, it sees nothing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baton_app') THEN
    CREATE ROLE baton_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'baton_app', 'MEMBER') THEN
    EXECUTE format('GRANT baton_app TO %I', current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO baton_app', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO baton_app', current_schema());
END
$$;

ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_wall ON workspaces
  USING (id = nullif(current_setting('baton.workspace_id', true), '')::uuid);

DO $$
DECLARE
  walled text;
BEGIN
  FOREACH walled IN ARRAY ARRAY[
    'teams', 'users', 'team_members', 'tokens', 'playbooks', 'packets', 'packet_records', 'packet_aliases',
    'events', 'snapshots', 'clients', 'rejections', 'packet_views'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', walled);
    EXECUTE format(
      'CREATE POLICY workspace_wall ON %I USING (workspace_id = nullif(current_setting(''baton.workspace_id'', true), '''')::uuid)',
      walled
    );
  END LOOP;
END
$$;
