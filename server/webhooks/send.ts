import { webhookSignature } from './signature';

export interface WebhookRequest {
  url: string;
  secret: string;
  deliveryId: string;
  eventType: string;
  body: string;
}

/** What one attempt came to: a 2xx, another answer, or no answer at all. */
export type AttemptOutcome =
  | { delivered: true; status: number }
  | { delivered: false; status: number | null; error: string };

const maxErrorLength = 300;
const answerExcerptBytes = 200;

/**
 * POSTs one delivery, signed at the moment it is sent, and never throws: a refused connection, a
 * timeout or a redirect (not followed: the registered URL is the one that was vouched for) is an
 * outcome like any other.
 */
export async function sendWebhook(request: WebhookRequest, timeoutMs: number): Promise<AttemptOutcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Baton-Webhooks/1',
        'X-Baton-Delivery': request.deliveryId,
        'X-Baton-Event': request.eventType,
        'X-Baton-Timestamp': String(timestamp),
        'X-Baton-Signature': webhookSignature(request.secret, timestamp, request.body),
      },
      body: request.body,
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { delivered: true, status: response.status };
    }
    const answer = await excerpt(response).catch(() => '');
    const said = answer === '' ? '' : `: ${answer}`;
    return { delivered: false, status: response.status, error: short(`HTTP ${response.status}${said}`) };
  } catch (error) {
    return { delivered: false, status: null, error: short(reasonOf(error, timeoutMs)) };
  }
}

/** The start of the receiver's answer (Slack explains a refusal there, e.g. `invalid_payload`); the rest is dropped. */
async function excerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  while (received < answerExcerptBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks).toString('utf8', 0, Math.min(received, answerExcerptBytes));
  // Control characters (a NUL cannot even be stored) become spaces.
  return text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
}

/** One line saying why no answer came: the network error's own words, never a stack. */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function short(text: string): string {
  return text.length <= maxErrorLength ? text : `${text.slice(0, maxErrorLength - 1)}…`;
}
