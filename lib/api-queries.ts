import * as z from 'zod/mini';
import { HandoffPoint } from './handoff/handoff-points';
import { MetricFigure } from './handoff/metrics';
import { Status } from './handoff/packet';
import { CrmSystem, ObjectKind } from './handoff/record';
import { SlaState } from './handoff/sla-state';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** GET /v1/packets: the packets of one record (by any record linked to them), or a search. */
export const PacketsQuery = z.union([
  z.object({ system: CrmSystem, instance: text(200), objectKind: ObjectKind, recordId: text(200) }),
  z.object({ q: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)) }),
]);
export type PacketsQuery = z.infer<typeof PacketsQuery>;

const commaList = <T extends z.ZodMiniType<unknown, string>>(item: T) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((value) => value.split(',').filter((part) => part !== '')),
    ),
    z.array(item).check(z.maxLength(20)),
  );

export const TeamHandoffsQuery = z.object({
  status: z.optional(commaList(Status)),
  handoffPoint: z.optional(commaList(HandoffPoint)),
  owner: z.optional(text(100)),
  team: z.optional(text(100)),
  slaState: z.optional(commaList(SlaState)),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))),
  offset: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
});
export type TeamHandoffsQuery = z.infer<typeof TeamHandoffsQuery>;

export const MetricsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    handoffPoint: z.optional(HandoffPoint),
    team: z.optional(text(100)),
  })
  .check(
    z.refine((query) => Date.parse(query.from) < Date.parse(query.to), {
      message: 'from must be before to',
      path: ['to'],
    }),
  );
export type MetricsQuery = z.infer<typeof MetricsQuery>;

const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'));

/** GET /v1/metrics/packets: the packets behind one figure of GET /v1/metrics, under the same filters. */
export const MetricPacketsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    handoffPoint: z.optional(HandoffPoint),
    team: z.optional(text(100)),
    figure: MetricFigure,
    /** One monthly cohort (of first submission; of creation for stage conversion). */
    month: z.optional(month),
    /** SLA attainment: one policy's clocks. */
    policy: z.optional(text(64)),
    /** Packets this receiving user owns; `none` for those nobody owns yet. */
    owner: z.optional(text(100)),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000))),
    offset: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
  })
  .check(
    z.refine((query) => Date.parse(query.from) < Date.parse(query.to), {
      message: 'from must be before to',
      path: ['to'],
    }),
  );
export type MetricPacketsQuery = z.infer<typeof MetricPacketsQuery>;
