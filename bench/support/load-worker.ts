/**
 * The load generator, on its own thread so that it does not take turns with the server's event
 * loop (the two still share the machine's cores with the database). It speaks HTTP/1.1 through
 * Node's fetch (undici), which keeps connections alive and opens one per concurrent lane.
 */
import { parentPort } from 'node:worker_threads';
import type { LoadReport, LoadSpec } from './load';

const encoder = new TextEncoder();

function stream(text: string): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

async function runLane(
  spec: LoadSpec,
  lane: number,
  deadline: number,
  latencies: number[],
  statuses: Map<number, number>,
): Promise<void> {
  const { requests, cycle } = spec.lanes[lane] ?? { requests: [], cycle: false };
  for (let index = 0; performance.now() < deadline; index++) {
    if (!cycle && index >= requests.length) return;
    const request = requests[index % requests.length];
    if (!request) return;
    const headers: Record<string, string> = {};
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${spec.origin}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.chunked ? stream(request.body) : request.body }),
      ...(request.chunked ? { duplex: 'half' } : {}),
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
}

async function run(spec: LoadSpec): Promise<LoadReport> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const deadline = started + spec.durationMs;
  await Promise.all(spec.lanes.map((_, lane) => runLane(spec, lane, deadline, latencies, statuses)));
  const elapsedMs = performance.now() - started;
  return {
    latencies: Float64Array.from(latencies).sort(),
    elapsedMs,
    statuses: Object.fromEntries(statuses),
  };
}

parentPort?.on('message', (spec: LoadSpec) => {
  run(spec).then(
    (report) => parentPort?.postMessage({ report }, [report.latencies.buffer as ArrayBuffer]),
    (error: unknown) =>
      parentPort?.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
  );
});
