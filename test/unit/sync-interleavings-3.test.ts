import { interleavings } from '../support/sync-interleavings';

interleavings(3);
