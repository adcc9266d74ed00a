import type { Database } from '../db/connection';

export interface Sweeping {
  /** Stops the loop and waits for a sweep in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs` inside the API process, one run at a time: a sweep that fails is logged
 * and tried again at the next tick. A cron job can do the same with `npm run baton -- sweep`.
 */
export function startSweeping(
  db: Database,
  intervalMs: number,
  sweep: (db: Database) => Promise<string | null>,
  log: (line: string) => void = console.log,
): Sweeping {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = sweep(db)
      .then((summary) => {
        if (summary) log(summary);
      })
      .catch((error: unknown) =>
        log(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
