import type { Caller } from '../auth-context';
import type { Database } from '../db/connection';
import type { RateLimit } from './rate-limit';

export interface ApiSettings {
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  rateLimit: RateLimit;
  /** Write one structured line per request to this sink (never bodies, never tokens). */
  log?: (line: Record<string, unknown>) => void;
}

export const defaultApiSettings: ApiSettings = {
  bodyLimitBytes: 1_000_000,
  rateLimit: { burst: 120, perSecond: 20 },
};

export interface ApiEnv {
  Variables: { caller: Caller; db: Database; settings: ApiSettings };
}
