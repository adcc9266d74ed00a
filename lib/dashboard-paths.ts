/**
 * The API paths the outcome dashboard reads: who is asking, the teams, the figures and the packets behind
 * them, and the Improve and maturity sections. Read-only, so a dashboard can never change anything.
 */
export const dashboardPath = /^\/v1\/(me|directory|metrics|metrics\/packets|improve|maturity)(\?[^#\s]*)?$/;
