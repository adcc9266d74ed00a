-- Every request's transaction checks, as its first statement, that the token it came with is still
-- live: the API may then remember who a token belongs to between requests, and a revoked token still
-- stops at once.
CREATE FUNCTION require_live_token(token_id text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM tokens WHERE id = token_id AND revoked_at IS NULL) THEN
    RAISE EXCEPTION 'the token is revoked' USING ERRCODE = '28000';
  END IF;
END
$$;
