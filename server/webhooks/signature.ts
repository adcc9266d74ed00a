import { createHmac } from 'node:crypto';

/**
 * `v1=` and the hex HMAC-SHA256, keyed with the webhook's secret, of `<timestamp>.<body>`: the timestamp
 * is signed with the body so that a receiver can refuse an old request replayed at it.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
