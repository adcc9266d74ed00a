import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReadSchedule, type ReadScheduleOptions } from './read-schedule';

const timings = { windowMs: 8000, minGapMs: 150, firstFallbackMs: 150, longestFallbackMs: 2000 };

function scheduled(
  found: (at: number) => boolean = () => false,
  overrides: Partial<ReadScheduleOptions> = {},
) {
  const reads: number[] = [];
  const schedule = createReadSchedule({
    ...timings,
    read: () => {
      reads.push(Date.now());
      return found(Date.now());
    },
    timers: {
      setTimeout: (handler, ms) => setTimeout(handler, ms) as unknown as number,
      clearTimeout: (id) => clearTimeout(id),
      now: () => Date.now(),
    },
    ...overrides,
  });
  return { schedule, reads };
}

describe('when the record follower reads the page again', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('backs off while nothing new turns up, and stops when the render window ends', async () => {
    const { schedule, reads } = scheduled();
    schedule.start();
    await vi.advanceTimersByTimeAsync(20_000);

    expect(reads).toEqual([150, 450, 1050, 2250, 4250, 6250, 8000]);
  });

  it('looks again soon after each read that found something new', async () => {
    const { schedule, reads } = scheduled((at) => at === 450);
    schedule.start();
    await vi.advanceTimersByTimeAsync(1500);

    expect(reads).toEqual([150, 450, 600, 900, 1500]);
  });

  it('reads soon after the page changes, at most once per gap however often it changes', async () => {
    const { schedule, reads } = scheduled();
    schedule.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual([150, 450]);

    // A page that renders in chunks, every 16 ms for 200 ms.
    for (let chunk = 0; chunk < 13; chunk++) {
      schedule.changed();
      await vi.advanceTimersByTimeAsync(16);
    }
    expect(reads).toEqual([150, 450, 1000, 1150]);
    await vi.advanceTimersByTimeAsync(100);
    expect(reads).toEqual([150, 450, 1000, 1150, 1300]);
  });

  it('reads a change at once when the last read was long enough ago', async () => {
    const { schedule, reads } = scheduled();
    schedule.start();
    await vi.advanceTimersByTimeAsync(700);
    schedule.changed();
    await vi.advanceTimersByTimeAsync(0);

    expect(reads).toEqual([150, 450, 700]);
  });

  it('ignores changes once the render window is over, and after it stopped', async () => {
    const { schedule, reads } = scheduled();
    schedule.start();
    await vi.advanceTimersByTimeAsync(9000);
    const before = reads.length;
    schedule.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toHaveLength(before);

    schedule.start();
    schedule.stop();
    schedule.changed();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(reads).toHaveLength(before);
  });

  it('starts over on the next navigation', async () => {
    const { schedule, reads } = scheduled();
    schedule.start();
    await vi.advanceTimersByTimeAsync(5000);
    schedule.start();
    await vi.advanceTimersByTimeAsync(500);

    expect(reads).toEqual([150, 450, 1050, 2250, 4250, 5150, 5450]);
  });
});
