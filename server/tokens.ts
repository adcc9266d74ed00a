import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens are `bt_<id>_<secret>`: 72 bits of public id to find the row, 256 bits of secret whose
 * SHA-256 is all the database keeps. High entropy makes a slow hash unnecessary; the comparison is
 * constant-time so the response time says nothing about how much of a guess was right.
 */
const tokenPattern = /^bt_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;
export const tokenIdPattern = /^[A-Za-z0-9_-]{12}$/;

export interface IssuedToken {
  id: string;
  token: string;
  secretHash: Buffer;
}

export function issueToken(): IssuedToken {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `bt_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function parseToken(token: string): { id: string; secret: string } | null {
  const match = tokenPattern.exec(token);
  return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
