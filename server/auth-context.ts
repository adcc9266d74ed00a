import type { Actor } from '../lib/handoff/actor';

/** Who is calling, as established from their token for the length of one request. */
export interface Caller {
  workspaceId: string;
  workspaceName: string;
  actor: Actor;
  email: string;
  name: string;
  tokenId: string;
}
