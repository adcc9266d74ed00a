import type { Context } from 'hono';
import { ApiFailure } from './errors';

/** Reads a JSON body within the size limit (see readRawBody). */
export async function readJsonBody(c: Context, limitBytes: number): Promise<unknown> {
  return parseJson(await readRawBody(c, limitBytes));
}

/**
 * Reads a body's bytes, counting them as they stream in and stopping at the limit, so an over-long
 * body (with or without Content-Length) is refused without being held in memory, and an ordinary
 * one is read once, not buffered twice by a separate middleware.
 */
export async function readRawBody(c: Context, limitBytes: number): Promise<Buffer> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const body = c.req.raw.body;
  if (!body) throw new ApiFailure(400, 'invalid_json', 'the request has no body');
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, received);
}

export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ApiFailure(400, 'invalid_json', 'the request body is not valid JSON');
  }
}

function tooLarge(limitBytes: number): ApiFailure {
  return new ApiFailure(413, 'body_too_large', `the request body is larger than ${limitBytes} bytes`);
}
