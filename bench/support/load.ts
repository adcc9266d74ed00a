import { Worker } from 'node:worker_threads';
import { percentile } from './figure';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  /** A JSON text, sent as application/json. */
  body?: string;
  /** Send the body as a stream (chunked transfer encoding) instead of with a Content-Length. */
  chunked?: boolean;
}

export interface Lane {
  requests: LoadRequest[];
  /** Repeat the requests until the time is up; otherwise send each once, in order, and stop. */
  cycle: boolean;
}

export interface LoadSpec {
  origin: string;
  /** One lane per concurrent client: a lane sends its next request when the previous one answered. */
  lanes: Lane[];
  durationMs: number;
}

export interface LoadReport {
  /** Milliseconds per request, sorted. */
  latencies: Float64Array;
  elapsedMs: number;
  statuses: Record<number, number>;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<number, number>;
}

/** A load generator on a worker thread; `close` ends it. */
export interface LoadGenerator {
  run(spec: LoadSpec, expectStatus?: number): Promise<LoadResult>;
  close(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  // Node 20 does not pass tsx's loader on to workers, so the worker registers it before importing.
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = new URL('./load-worker.ts', import.meta.url).href;
  const source = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
  let failed: unknown;
  worker.on('error', (error) => {
    failed = error;
  });
  return {
    run(spec, expectStatus = 200) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        const onError = (error: unknown) => reject(error);
        worker.once('error', onError);
        worker.once('message', (message: { report?: LoadReport; error?: string }) => {
          worker.off('error', onError);
          if (!message.report) return reject(new Error(`load worker: ${message.error}`));
          const result = summarise(message.report);
          const unexpected = Object.entries(result.statuses).filter(
            ([status]) => Number(status) !== expectStatus,
          );
          if (unexpected.length > 0)
            return reject(
              new Error(`unexpected statuses ${JSON.stringify(result.statuses)} (wanted ${expectStatus})`),
            );
          resolve(result);
        });
        worker.postMessage(spec);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

function summarise({ latencies, elapsedMs, statuses }: LoadReport): LoadResult {
  return {
    requests: latencies.length,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    statuses,
  };
}
