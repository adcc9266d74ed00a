import * as z from 'zod/mini';
import { HandoffPoint } from './handoff-points';
import { Timestamp } from './packet';
import type { Playbook } from './playbook';

/*
 * The Handoff Maturity Matrix of the playbook (entry/exit criteria, transfer packet, SLAs and alerts,
 * lifecycle content, data continuity, executive visibility), each scored ad hoc → defined → managed →
 * operationalized from the workspace's own data. A rung counts only when every rung below it holds.
 * The rubric, rung by rung, with the reasons for each threshold: docs/maturity.md. Every threshold is
 * a constant here so the code and the document say the same.
 */

export const Rung = z.enum(['ad_hoc', 'defined', 'managed', 'operationalized']);
export type Rung = z.infer<typeof Rung>;

export const Capability = z.enum([
  'entry_exit_criteria',
  'transfer_packet',
  'slas_alerts',
  'lifecycle_content',
  'data_continuity',
  'executive_visibility',
]);
export type Capability = z.infer<typeof Capability>;

/** Below this many packets a rate is not trusted to move a capability up. */
export const MIN_PACKETS = 20;
export const THRESHOLDS = {
  criteriaRecordedShare: 0.95,
  reworkRateMax: 0.15,
  managedCompleteness: 0.75,
  operationalizedCompleteness: 0.9,
  managedSlaAttainment: 0.8,
  operationalizedSlaAttainment: 0.9,
  contentItems: 3,
  onboardingCompletion: 0.6,
} as const;

/** The workspace's figures the rubric reads, over the window's cohort (packets first submitted in it). */
export interface MaturityEvidence {
  playbook: Playbook;
  /** Handoff points assessed: those with cohort packets, or those asked for when none has any. */
  points: readonly HandoffPoint[];
  cohortSize: number;
  criteriaRecorded: number;
  returned: number;
  meanCompleteness: number | null;
  slaFinished: number;
  slaMet: number;
  firstValueReached: number;
  /** Cohort `sales_to_cs` packets ever accepted, and those of them that reached first value. */
  onboardingAccepted: number;
  onboardingFirstValue: number;
  liveEventSources: number;
  crmEventsInWindow: number;
  liveWebhooks: number;
  managers: number;
  /** Improve factors with a verdict other than `not_enough_data`. */
  improveVerdicts: number;
}

const EvidenceItem = z.object({ label: z.string(), value: z.nullable(z.number()) });

export const MaturityCapability = z.object({
  capability: Capability,
  label: z.string(),
  owner: z.string(),
  kpi: z.string(),
  rung: Rung,
  /** 0 for ad hoc up to 3 for operationalized. */
  score: z.number().check(z.int(), z.gte(0), z.lte(3)),
  evidence: z.array(EvidenceItem),
  /** What would reach the next rung; null at the top. */
  nextStep: z.nullable(z.string()),
});
export type MaturityCapability = z.infer<typeof MaturityCapability>;

export const MaturityReport = z.object({
  from: Timestamp,
  to: Timestamp,
  points: z.array(HandoffPoint),
  capabilities: z.array(MaturityCapability),
});
export type MaturityReport = z.infer<typeof MaturityReport>;

/** A rung's test and, when it fails, what to do about it. */
interface Step {
  holds: boolean;
  todo: string;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const atLeast = (value: number | null, threshold: number) => value !== null && value >= threshold;
const pct = (fraction: number) => `${Math.round(fraction * 100)}%`;

function scored(
  head: Pick<MaturityCapability, 'capability' | 'label' | 'owner' | 'kpi'>,
  evidence: MaturityCapability['evidence'],
  steps: [defined: Step, managed: Step, operationalized: Step],
): MaturityCapability {
  const failed = steps.findIndex((step) => !step.holds);
  const score = failed === -1 ? 3 : failed;
  return {
    ...head,
    rung: Rung.options[score] ?? 'ad_hoc',
    score,
    evidence,
    nextStep: failed === -1 ? null : (steps[failed]?.todo ?? null),
  };
}

/** Scores the six capabilities; see docs/maturity.md for the rubric these lines implement. */
export function assessMaturity(input: MaturityEvidence, period: { from: Date; to: Date }): MaturityReport {
  const { playbook, points } = input;
  const config = points.map((point) => playbook.handoffPoints[point]);
  const enough = input.cohortSize >= MIN_PACKETS;
  const reworkRate = ratio(input.returned, input.cohortSize);
  const recordedShare = ratio(input.criteriaRecorded, input.cohortSize);
  const slaRate = ratio(input.slaMet, input.slaFinished);
  const onboardingRate = ratio(input.onboardingFirstValue, input.onboardingAccepted);
  const lowRework = enough && reworkRate !== null && reworkRate <= THRESHOLDS.reworkRateMax;
  const policies = config.flatMap((point) => point.slas);
  const templates = config.flatMap((point) => point.templates);
  const onboardingKinds = new Set(playbook.handoffPoints.sales_to_cs.templates.map((t) => t.kind));

  const criteria = scored(
    {
      capability: 'entry_exit_criteria',
      label: 'Entry/exit criteria',
      owner: 'RevOps',
      kpi: 'Stage conversion',
    },
    [
      {
        label: 'Handoff points with a required exit criterion',
        value: config.filter((p) => p.exitCriteria.some((c) => c.severity === 'required')).length,
      },
      { label: 'Handoff points assessed', value: points.length },
      { label: 'First submissions in the window', value: input.cohortSize },
      { label: 'Share recording the criteria met', value: recordedShare },
      { label: 'Share returned at least once', value: reworkRate },
      { label: 'Playbook version', value: playbook.version },
    ],
    [
      {
        holds: config.every((p) => p.exitCriteria.some((c) => c.severity === 'required')),
        todo: 'Give every handoff point in use at least one required exit criterion.',
      },
      {
        holds: enough && atLeast(recordedShare, THRESHOLDS.criteriaRecordedShare),
        todo: `Hand over at least ${MIN_PACKETS} packets in the window through Baton, so that ${pct(THRESHOLDS.criteriaRecordedShare)} of first submissions record the criteria they met.`,
      },
      {
        holds: playbook.version >= 2 && lowRework,
        todo: `Tune the criteria from the Improve loop (a revised playbook) until no more than ${pct(THRESHOLDS.reworkRateMax)} of packets are returned.`,
      },
    ],
  );

  const packet = scored(
    {
      capability: 'transfer_packet',
      label: 'Transfer packet',
      owner: 'Sales Ops / CS Ops',
      kpi: 'Time-to-first-value',
    },
    [
      { label: 'First submissions in the window', value: input.cohortSize },
      { label: 'Mean completeness at first submission', value: input.meanCompleteness },
      {
        label: 'Handoff points with a template',
        value: config.filter((p) => p.templates.length > 0).length,
      },
    ],
    [
      {
        holds: input.cohortSize > 0,
        todo: 'Hand over packets with structured fields instead of free-text notes.',
      },
      {
        holds: enough && atLeast(input.meanCompleteness, THRESHOLDS.managedCompleteness),
        todo: `Raise the mean completeness at first submission to ${pct(THRESHOLDS.managedCompleteness)} (over at least ${MIN_PACKETS} packets).`,
      },
      {
        holds:
          atLeast(input.meanCompleteness, THRESHOLDS.operationalizedCompleteness) &&
          config.every((p) => p.templates.length > 0),
        todo: `Reach ${pct(THRESHOLDS.operationalizedCompleteness)} mean completeness and give every handoff point in use a template filled from the packet.`,
      },
    ],
  );

  const slas = scored(
    { capability: 'slas_alerts', label: 'SLAs & alerts', owner: 'RevOps', kpi: 'Kickoff within X days' },
    [
      { label: 'SLA policies', value: policies.length },
      {
        label: 'Policies with reminders or escalations',
        value: policies.filter((p) => p.reminders.length > 0 || p.escalation.length > 0).length,
      },
      {
        label: 'Handoff points with a reassign fallback',
        value: config.filter((p) => p.slas.some((s) => s.escalation.some((e) => e.action === 'reassign')))
          .length,
      },
      { label: 'Packets with a finished SLA clock', value: input.slaFinished },
      { label: 'SLA attainment', value: slaRate },
    ],
    [
      {
        holds: config.every((p) => p.slas.length > 0),
        todo: 'Set at least one SLA policy on every handoff point in use.',
      },
      {
        holds:
          policies.every((p) => p.reminders.length > 0 || p.escalation.length > 0) &&
          input.slaFinished >= MIN_PACKETS &&
          atLeast(slaRate, THRESHOLDS.managedSlaAttainment),
        todo: `Give every policy a reminder or escalation and reach ${pct(THRESHOLDS.managedSlaAttainment)} SLA attainment over at least ${MIN_PACKETS} packets.`,
      },
      {
        holds:
          config.every((p) => p.slas.some((s) => s.escalation.some((e) => e.action === 'reassign'))) &&
          atLeast(slaRate, THRESHOLDS.operationalizedSlaAttainment),
        todo: `Add a reassign fallback on every handoff point in use and reach ${pct(THRESHOLDS.operationalizedSlaAttainment)} SLA attainment.`,
      },
    ],
  );

  const content = scored(
    {
      capability: 'lifecycle_content',
      label: 'Lifecycle content',
      owner: 'Marketing / CS Enablement',
      kpi: 'Onboarding completion, adoption',
    },
    [
      { label: 'Templates on the handoff points assessed', value: templates.length },
      { label: 'Onboarding template kinds (of 3)', value: onboardingKinds.size },
      { label: 'Adoption content items', value: playbook.content.length },
      { label: 'Accepted Sales → CS packets', value: input.onboardingAccepted },
      { label: 'Onboarding completion', value: onboardingRate },
    ],
    [
      {
        holds: templates.length > 0,
        todo: 'Replace one-off emails with templates on the handoff points in use.',
      },
      {
        holds: onboardingKinds.size === 3 && playbook.content.length > 0,
        todo: 'Give Sales → CS an intro email, a kickoff agenda and an onboarding checklist, and map adoption content to use cases.',
      },
      {
        holds:
          playbook.content.length >= THRESHOLDS.contentItems &&
          input.onboardingAccepted >= MIN_PACKETS &&
          atLeast(onboardingRate, THRESHOLDS.onboardingCompletion),
        todo: `Map at least ${THRESHOLDS.contentItems} content items to use cases and reach ${pct(THRESHOLDS.onboardingCompletion)} onboarding completion over at least ${MIN_PACKETS} accepted packets.`,
      },
    ],
  );

  const continuity = scored(
    {
      capability: 'data_continuity',
      label: 'Data continuity',
      owner: 'Data/Platform',
      kpi: 'Data completeness, rework %',
    },
    [
      { label: 'First submissions in the window', value: input.cohortSize },
      { label: 'Live CRM event sources', value: input.liveEventSources },
      { label: 'CRM events received in the window', value: input.crmEventsInWindow },
      { label: 'Live webhooks', value: input.liveWebhooks },
      { label: 'Share returned at least once', value: reworkRate },
    ],
    [
      {
        holds: input.cohortSize > 0,
        todo: 'Keep handoffs on the CRM record with Baton instead of copying between tools.',
      },
      {
        holds: input.liveEventSources > 0 && input.crmEventsInWindow > 0,
        todo: 'Connect a CRM event source so that deals won reach Baton by themselves.',
      },
      {
        holds: input.liveWebhooks > 0 && lowRework,
        todo: `Send events back out through a webhook (two-way sync) and keep rework at or below ${pct(THRESHOLDS.reworkRateMax)}.`,
      },
    ],
  );

  const visibility = scored(
    {
      capability: 'executive_visibility',
      label: 'Executive visibility',
      owner: 'Analytics',
      kpi: 'NRR, gross/logo retention',
    },
    [
      { label: 'Managers of a team', value: input.managers },
      { label: 'First submissions in the window', value: input.cohortSize },
      { label: 'Packets that reached first value', value: input.firstValueReached },
      { label: 'Improve factors with a verdict', value: input.improveVerdicts },
    ],
    [
      { holds: input.managers > 0, todo: 'Make someone the manager of each team, to read its outcomes.' },
      {
        holds: enough && input.firstValueReached > 0,
        todo: `Track outcomes: at least ${MIN_PACKETS} handoffs in the window and first value recorded on them.`,
      },
      {
        holds: input.improveVerdicts > 0,
        todo: `Gather enough outcomes (${MIN_PACKETS} packets each side) for the Improve loop to give a verdict.`,
      },
    ],
  );

  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    points: [...points],
    capabilities: [criteria, packet, slas, content, continuity, visibility],
  };
}
