import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectedRecord, RecordLocation } from '../adapters/types';
import { createRecordFollower, type RecordFollower } from './record-follower';

const origin = 'https://acme.example';
const location = (id: string): RecordLocation => ({
  system: 'demo',
  instance: 'acme',
  objectKind: 'account',
  nativeType: 'Account',
  id,
  url: `${origin}/accounts/${id}`,
});
const idOf = (url: string) => /\/accounts\/(\w+)/.exec(url)?.[1];

/** A single-page CRM: the URL changes first, what the page shows (name, context) follows later. */
function fakeCrm() {
  let shown: Pick<DetectedRecord, 'name' | 'context'> = {};
  const reported: (DetectedRecord | null)[] = [];
  const locate = (url: string) => {
    const id = idOf(url);
    return id ? location(id) : null;
  };
  const follower: RecordFollower = createRecordFollower({
    locate,
    read: (url) => {
      const found = locate(url);
      return found && { ...found, ...shown };
    },
    onRecord: (record) => reported.push(record),
  });
  return {
    follower,
    reported,
    render(details: Pick<DetectedRecord, 'name' | 'context'>) {
      shown = details;
    },
  };
}

describe('following the record a single-page CRM shows', () => {
  let crm: ReturnType<typeof fakeCrm>;
  beforeEach(() => {
    crm = fakeCrm();
  });

  it('reports a record from its URL at once, then with the name and context the page shows', () => {
    crm.render({ name: 'Acme Corp', context: { owner: 'Dana' } });
    crm.follower.navigate(`${origin}/accounts/a1`);
    expect(crm.reported).toEqual([location('a1')]);

    crm.follower.read(`${origin}/accounts/a1`);
    expect(crm.reported).toEqual([
      location('a1'),
      { ...location('a1'), name: 'Acme Corp', context: { owner: 'Dana' } },
    ]);
  });

  it("reports null for a page that shows no record, so the tab forgets its previous page's record", () => {
    crm.follower.navigate(`${origin}/accounts`);

    expect(crm.reported).toEqual([null]);
  });

  it("reports the next record at once, and never with the previous record's name or context", () => {
    crm.render({ name: 'Acme Corp', context: { owner: 'Dana' } });
    crm.follower.navigate(`${origin}/accounts/a1`);
    crm.follower.read(`${origin}/accounts/a1`);

    crm.follower.navigate(`${origin}/accounts/b2`);
    crm.follower.read(`${origin}/accounts/b2`);
    expect(crm.reported.at(-1)).toEqual(location('b2'));

    crm.render({ name: 'Globex', context: { owner: 'Sam' } });
    crm.follower.read(`${origin}/accounts/b2`);
    expect(crm.reported.slice(2)).toEqual([
      location('b2'),
      { ...location('b2'), name: 'Globex', context: { owner: 'Sam' } },
    ]);
  });

  it('never gives the next record the name of one left before its name was read (a quick second click)', () => {
    crm.render({ name: 'Acme Corp' });
    crm.follower.navigate(`${origin}/accounts/a1`);
    crm.follower.read(`${origin}/accounts/a1`);
    crm.follower.navigate(`${origin}/accounts/b2`);
    // Globex renders, and the user is on to the third record before the follower reads the page again.
    crm.render({ name: 'Globex' });
    crm.follower.navigate(`${origin}/accounts/c3`);

    expect(crm.follower.read(`${origin}/accounts/c3`)).toBe(false);
    crm.render({ name: 'Initech' });
    expect(crm.follower.read(`${origin}/accounts/c3`)).toBe(true);
    expect(crm.reported).toEqual([
      location('a1'),
      { ...location('a1'), name: 'Acme Corp' },
      location('b2'),
      location('c3'),
      { ...location('c3'), name: 'Initech' },
    ]);
  });

  it('takes the name of a record it comes back to, through a page with none', () => {
    crm.render({ name: 'Acme Corp' });
    crm.follower.navigate(`${origin}/accounts/a1`);
    crm.follower.read(`${origin}/accounts/a1`);
    crm.follower.navigate(`${origin}/accounts`);
    crm.follower.navigate(`${origin}/accounts/a1`);
    crm.follower.read(`${origin}/accounts/a1`);

    expect(crm.reported).toEqual([
      location('a1'),
      { ...location('a1'), name: 'Acme Corp' },
      null,
      location('a1'),
      { ...location('a1'), name: 'Acme Corp' },
    ]);
  });

  it('stays on the record when only the view of it changes', () => {
    crm.render({ name: 'Acme Corp' });
    crm.follower.navigate(`${origin}/accounts/a1`);
    crm.follower.read(`${origin}/accounts/a1`);
    crm.follower.navigate(`${origin}/accounts/a1/related`);

    expect(crm.reported).toHaveLength(2);
  });

  it('reports details that render later, once each, and says which reads found something new', () => {
    crm.follower.navigate(`${origin}/accounts/a1`);
    expect(crm.follower.read(`${origin}/accounts/a1`)).toBe(false);
    crm.render({ name: 'Acme Corp' });
    expect(crm.follower.read(`${origin}/accounts/a1`)).toBe(true);
    expect(crm.follower.read(`${origin}/accounts/a1`)).toBe(false);
    crm.render({ name: 'Acme Corp', context: { amount: 5000 } });
    expect(crm.follower.read(`${origin}/accounts/a1`)).toBe(true);

    expect(crm.reported).toEqual([
      location('a1'),
      { ...location('a1'), name: 'Acme Corp' },
      { ...location('a1'), name: 'Acme Corp', context: { amount: 5000 } },
    ]);
    expect(crm.follower.current()).toEqual(crm.reported.at(-1));
  });

  it('ignores a read of a URL that names another record than the one it follows', () => {
    crm.render({ name: 'Acme Corp' });
    crm.follower.navigate(`${origin}/accounts/a1`);
    crm.follower.read(`${origin}/accounts/a1`);
    crm.render({ name: 'Globex' });
    crm.follower.read(`${origin}/accounts/b2`);

    expect(crm.reported).toEqual([location('a1'), { ...location('a1'), name: 'Acme Corp' }]);
  });
});
