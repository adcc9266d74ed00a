import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatInstant } from '../../lib/panel/format';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('formatInstant', () => {
  it("shows an instant in the reader's time zone, naming the zone in force then", () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    // In the en-US locale of the tests; ICU names some zones by their offset ("GMT+1"), some by name.
    expect(formatInstant('2026-12-08T16:00:00.000Z')).toMatch(/^Dec 8, 2026, 5:00\sPM (CET|GMT\+1)$/);
    expect(formatInstant('2026-07-08T15:00:00.000Z')).toMatch(/^Jul 8, 2026, 5:00\sPM (CEST|GMT\+2)$/);
    vi.stubEnv('TZ', 'America/New_York');
    expect(formatInstant('2026-12-08T16:00:00.000Z')).toMatch(/^Dec 8, 2026, 11:00\sAM EST$/);
  });
});
