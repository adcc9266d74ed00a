/** A request the dashboard could not complete, with what to tell the person. */
export class DashboardRequestError extends Error {
  constructor(
    message: string,
    /** The API's HTTP status; null when it could not be reached or nobody is signed in. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * Where the dashboard's data comes from. In the extension the background asks the API (it holds the
 * token and the API's URL); on the web page the token typed at sign-in goes with a same-origin fetch.
 * Either way the dashboard only reads `/v1/…` paths and parses every answer with its schema.
 */
export interface DashboardSource {
  /** The JSON answer to GET `path` (a `/v1/…` path and query), or a DashboardRequestError. */
  get(path: string): Promise<unknown>;
}
