import { DashboardRequestError } from './data-source';

/** What a dashboard section has of its answer so far. */
export type Load<T> =
  | { state: 'loading' }
  | { state: 'failed'; problem: string }
  | { state: 'ready'; value: T };

/** The API's own words for a refusal; anything else is an answer this build cannot read. */
export function problemOf(error: unknown): string {
  return error instanceof DashboardRequestError ? error.message : 'The API answered in an unexpected shape.';
}
