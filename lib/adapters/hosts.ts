import { demo } from './demo';
import { adapters } from './index';

/**
 * The CRM and CS hosts Baton runs on, as Chrome match patterns, gathered from the adapters so that the
 * manifest and record detection cannot disagree.
 */
export const crmHostPatterns: string[] = adapters
  .filter((adapter) => adapter !== demo)
  .flatMap((adapter) => adapter.hosts);

/** The demo CRM that `npm start` serves; only development builds match it. */
export const developmentHostPatterns: string[] = demo.hosts;
