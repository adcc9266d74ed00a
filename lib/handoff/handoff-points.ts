import * as z from 'zod/mini';

export const FunctionName = z.enum(['marketing', 'sales', 'customer_success', 'support']);
export type FunctionName = z.infer<typeof FunctionName>;

export const HandoffPoint = z.enum(['mql_to_sales', 'sales_to_cs', 'cs_to_support', 'renewal_expansion']);
export type HandoffPoint = z.infer<typeof HandoffPoint>;

/** Which function hands the customer over at each point, and which takes them. */
export const handoffPoints: Record<
  HandoffPoint,
  { label: string; giving: FunctionName; receiving: FunctionName }
> = {
  mql_to_sales: { label: 'MQL → Sales', giving: 'marketing', receiving: 'sales' },
  sales_to_cs: { label: 'Sales → CS / Onboarding', giving: 'sales', receiving: 'customer_success' },
  cs_to_support: { label: 'CS → Support / Services', giving: 'customer_success', receiving: 'support' },
  renewal_expansion: { label: 'Renewal / Expansion', giving: 'customer_success', receiving: 'sales' },
};

/** The handoff points at which these functions take the customer. */
export function pointsReceivedBy(functions: readonly FunctionName[]): HandoffPoint[] {
  return HandoffPoint.options.filter((point) => functions.includes(handoffPoints[point].receiving));
}
