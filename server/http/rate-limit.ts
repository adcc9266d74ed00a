import { ApiFailure } from './errors';

export interface RateLimit {
  /** Requests a token may make in a burst. */
  burst: number;
  /** Requests per second a token earns back. */
  perSecond: number;
}

/**
 * A token bucket per API token, kept in this process. Behind several instances each keeps its own,
 * which bounds a token at instances × rate: enough to stop a runaway client, which is the point.
 */
export function rateLimiter({ burst, perSecond }: RateLimit, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return function take(key: string): void {
    const time = now();
    const bucket = buckets.get(key) ?? { tokens: burst, at: time };
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.at) / 1000) * perSecond);
    bucket.at = time;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new ApiFailure(429, 'rate_limited', `too many requests; retry in ${retryAfter} s`, undefined, {
        'Retry-After': String(retryAfter),
      });
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
    if (buckets.size > 10_000)
      for (const [stale, entry] of buckets) if (time - entry.at > 60_000) buckets.delete(stale);
  };
}
