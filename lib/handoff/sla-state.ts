import * as z from 'zod/mini';

/**
 * Where one SLA clock stands. `not_started` until its start event; `paused` while a pause event
 * holds it; `met` or `breached` once it stopped, on or after its deadline; otherwise `on_track`
 * until the first reminder threshold, `due_soon` after it, and `breached` past the deadline.
 */
export const SlaState = z.enum(['not_started', 'on_track', 'due_soon', 'breached', 'met', 'paused']);
export type SlaState = z.infer<typeof SlaState>;
