import type { Database } from '../../../server/db/connection';

/**
 * A Database for tests that must not reach one: every member the test does not supply throws, so an
 * unexpected query fails loudly instead of passing on made-up rows.
 */
export function fakeDatabase(supplied: Partial<Database> = {}): Database {
  const unexpected = (member: string) => () => {
    throw new Error(`fakeDatabase: this test did not expect ${member}()`);
  };
  return {
    kind: 'pglite',
    schema: 'baton',
    query: unexpected('query'),
    transaction: unexpected('transaction'),
    close: async () => {},
    ...supplied,
  };
}
