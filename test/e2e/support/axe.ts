import axe from 'axe-core';
import type { Frame } from 'playwright-core';

/** The WCAG 2.1 A and AA rules (color-contrast among them): the level issue #4 asks of the panel. */
export const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

type AxeWindow = Window & { axe?: typeof axe };

/**
 * Puts axe into `frame`, once. It goes in by evaluation (CDP), which the extension page's
 * Content-Security-Policy does not govern where it would refuse a script tag; nothing of axe is ever part of
 * an extension bundle.
 */
export async function injectAxe(frame: Frame): Promise<void> {
  if (await frame.evaluate(() => 'axe' in window)) return;
  await frame.evaluate(axe.source);
}

/** The WCAG 2.1 A/AA violations axe finds in the frame's document as it is now. */
export async function axeViolations(frame: Frame): Promise<AxeViolation[]> {
  await injectAxe(frame);
  return frame.evaluate(async (tags) => {
    const { axe: running } = window as AxeWindow;
    if (!running) throw new Error('axe is not in this frame');
    const found = await running.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return found.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String).join(' '),
        summary: node.failureSummary ?? '',
      })),
    }));
  }, wcag21aa);
}

/** Each violation, one line per element it names, for a failure message a person can act on. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `- ${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}\n    at ${node.target}\n    ${node.summary.replaceAll('\n', '\n    ')}`,
      ),
    )
    .join('\n');
}
