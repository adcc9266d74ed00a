import * as z from 'zod/mini';
import { Calendar } from './calendar';
import { HandoffPoint } from './handoff-points';
import { EventType } from './history';

const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug'));
const fieldName = z.string().check(z.minLength(1), z.maxLength(100));

/** Declarative conditions on a packet; `completeness` evaluates them. */
export const Rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('filled'), field: fieldName }),
  z.object({
    kind: z.literal('items'),
    list: fieldName,
    min: z.number().check(z.int(), z.gte(1)),
    where: z.optional(z.object({ field: fieldName, in: z.array(z.string()).check(z.minLength(1)) })),
  }),
  z.object({
    kind: z.literal('dateWithin'),
    field: fieldName,
    of: fieldName,
    maxBusinessDays: z.optional(z.number().check(z.int(), z.nonnegative())),
    maxDays: z.optional(z.number().check(z.int(), z.nonnegative())),
  }),
  z.object({ kind: z.literal('owner'), side: z.enum(['giving', 'receiving']) }),
  z.object({ kind: z.literal('noOpenConflicts') }),
]);
export type Rule = z.infer<typeof Rule>;

export const Criterion = z.object({
  id: slug,
  rule: Rule,
  /** Required criteria block the handoff; recommended ones only lower the score. */
  severity: z.enum(['required', 'recommended']),
  weight: z.number().check(z.positive(), z.lte(100)),
  why: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type Criterion = z.infer<typeof Criterion>;

export const Duration = z.object({
  amount: z.number().check(z.positive(), z.lte(10_000)),
  unit: z.enum(['business_hours', 'business_days', 'calendar_hours', 'calendar_days']),
});
export type Duration = z.infer<typeof Duration>;

export const EscalationStep = z.object({
  /** How long after the deadline the step fires; zero fires at the breach. */
  afterBreach: z.object({
    amount: z.number().check(z.nonnegative(), z.lte(10_000)),
    unit: Duration.shape.unit,
  }),
  action: z.enum(['remind_owner', 'notify_manager', 'reassign']),
  /** For `reassign`: who takes the packet when its owner does not act. */
  fallbackUserId: z.optional(z.string().check(z.minLength(1))),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const SlaPolicy = z.object({
  id: slug,
  label: z.string().check(z.minLength(1), z.maxLength(200)),
  start: EventType,
  stop: z.array(EventType).check(z.minLength(1)),
  pause: z.array(z.object({ on: EventType, resume: EventType })),
  target: Duration,
  /** Whose working time the clock counts: the receiving team's unless the policy says otherwise. */
  calendar: z.enum(['receiving', 'giving']),
  /** Fractions of the target at which the owner is reminded; the first also marks the clock due soon. */
  reminders: z.array(z.number().check(z.gt(0), z.lt(1))),
  escalation: z.array(EscalationStep),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const TemplateKind = z.enum(['intro_email', 'kickoff_agenda', 'onboarding_checklist']);

export const Template = z.object({
  id: slug,
  kind: TemplateKind,
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  /**
   * Who reads it. Only a `customer` text is addressed to the buying committee (and a customer kickoff
   * agenda becomes their invite); without it a text stays with the team, so internal notes never reach a
   * customer's inbox by default.
   */
  audience: z.optional(z.enum(['customer', 'team'])),
  subject: z.optional(z.string().check(z.maxLength(500))),
  body: z.string().check(z.minLength(1), z.maxLength(20_000)),
});
export type Template = z.infer<typeof Template>;

export const ContentItem = z.object({
  id: slug,
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  url: z.url({ protocol: /^https?$/ }),
  /** Use-case names this content helps with, matched case-insensitively against the packet's use cases. */
  useCases: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
});
export type ContentItem = z.infer<typeof ContentItem>;

export const HandoffPointPlaybook = z.object({
  /** What the giving side must supply before it may submit. */
  exitCriteria: z.array(Criterion),
  /** What the receiving side needs before it accepts. */
  entryCriteria: z.array(Criterion),
  slas: z.array(SlaPolicy),
  templates: z.array(Template),
});
export type HandoffPointPlaybook = z.infer<typeof HandoffPointPlaybook>;

export const PlaybookShape = z.object({
  schemaVersion: z.literal(1),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  version: z.number().check(z.int(), z.positive()),
  calendars: z.array(Calendar).check(z.minLength(1)),
  defaultCalendarId: slug,
  teamCalendars: z.record(z.string(), slug),
  handoffPoints: z.object({
    mql_to_sales: HandoffPointPlaybook,
    sales_to_cs: HandoffPointPlaybook,
    cs_to_support: HandoffPointPlaybook,
    renewal_expansion: HandoffPointPlaybook,
  }),
  content: z.array(ContentItem),
});
export type Playbook = z.infer<typeof PlaybookShape>;

export { HandoffPoint };

/** A team's calendar, or the playbook's default for a team without one. */
export function calendarForTeam(playbook: Playbook, teamId: string | null): Calendar {
  const id = (teamId !== null && playbook.teamCalendars[teamId]) || playbook.defaultCalendarId;
  const calendar = playbook.calendars.find((candidate) => candidate.id === id) ?? playbook.calendars[0];
  if (!calendar) throw new Error('a playbook has at least one calendar');
  return calendar;
}

/** The calendar an SLA policy counts on: the receiving team's unless the policy names the giving side. */
export function calendarForPolicy(
  playbook: Playbook,
  policy: SlaPolicy,
  teams: { givingTeamId: string | null; receivingTeamId: string | null },
): Calendar {
  return calendarForTeam(playbook, policy.calendar === 'giving' ? teams.givingTeamId : teams.receivingTeamId);
}
