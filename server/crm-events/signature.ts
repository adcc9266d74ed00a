import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/connection';
import { ApiFailure } from '../http/errors';
import { findLiveSource, type LiveSource, sourceIdPattern } from './sources';

/** How far an event's timestamp may be from the server's clock, either way: older ones are replays. */
export const replayWindowSeconds = 300;

/** What an event request's headers claim, before the signature is checked against the body. */
export interface SignedHeaders {
  sourceId: string;
  timestamp: string;
  signature: Buffer;
}

const unsigned = (message: string) =>
  new ApiFailure(401, 'invalid_signature', message, undefined, {
    'WWW-Authenticate': 'Baton-HMAC-SHA256 realm="baton-events"',
  });

const badSignature = () =>
  unsigned(
    'the source is unknown or revoked, or X-Baton-Signature is not the HMAC of this timestamp and body',
  );

/**
 * Reads X-Baton-Source, X-Baton-Timestamp (Unix seconds) and X-Baton-Signature (`v1=` and 64 hex digits),
 * and refuses a timestamp outside the replay window before anything is looked up.
 */
export function readSignedHeaders(header: (name: string) => string | undefined, now: Date): SignedHeaders {
  const sourceId = header('x-baton-source');
  if (!sourceId || !sourceIdPattern.test(sourceId))
    throw unsigned('X-Baton-Source must name an event source (es_…)');
  const timestamp = header('x-baton-timestamp');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    throw unsigned('X-Baton-Timestamp must be the time of signing in Unix seconds');
  const skew = Math.round(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(skew) > replayWindowSeconds)
    throw new ApiFailure(
      401,
      'timestamp_out_of_window',
      `X-Baton-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'ahead'}; events are accepted within ${replayWindowSeconds} s of the server's clock, so a replay or a sender with a wrong clock is refused`,
    );
  const signature = /^v1=([0-9a-fA-F]{64})$/.exec(header('x-baton-signature') ?? '')?.[1];
  if (!signature)
    throw unsigned('X-Baton-Signature must be v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"');
  return { sourceId, timestamp, signature: Buffer.from(signature, 'hex') };
}

/** The v1 signature: HMAC-SHA256, keyed with the source's secret, of the timestamp, a dot and the raw body. */
export function signEvent(secret: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The live source that signed this body, or 401. The comparison takes the same time however close a guess is. */
export async function verifySignature(
  db: Database,
  signed: SignedHeaders,
  body: Uint8Array,
): Promise<LiveSource> {
  const source = await findLiveSource(db, signed.sourceId);
  if (!source) throw badSignature();
  const expected = signEvent(source.secret, signed.timestamp, body);
  if (!timingSafeEqual(expected, signed.signature)) throw badSignature();
  return source;
}
