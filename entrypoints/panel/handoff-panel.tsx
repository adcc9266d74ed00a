import { PanelApp } from '@/components/panel/PanelApp';
import { PanelFirstScreen, PanelRecordRoot, PanelWithoutRecord } from '@/components/panel/PanelFirstScreen';
import { recordKeyOf } from '@/components/panel/record-key';
import { sharedDatabase } from '@/lib/db/database';
import type { DetectedRecord } from '@/lib/messages';
import { PanelEnvironmentContext } from '@/lib/panel/environment';
import { useStoredEnvironment, useSyncTriggers } from './environment';

// The drafts database opens as soon as this code has loaded; a failure to open shows where it is read.
sharedDatabase()
  .open()
  .catch(() => {});

/**
 * The whole panel for the tab's record: the drafts on this device, the signed-in person and the sync with
 * the API. It loads after the first screen (main.tsx), which needs none of this code.
 */
export function HandoffPanel({ record }: { record: DetectedRecord | null }) {
  const environment = useStoredEnvironment();
  useSyncTriggers(record ? recordKeyOf(record) : null, environment?.sync !== undefined);

  if (record === null) return <PanelWithoutRecord />;
  return (
    <PanelRecordRoot record={record}>
      {environment === undefined ? (
        <PanelFirstScreen record={record} />
      ) : (
        <PanelEnvironmentContext.Provider value={environment}>
          <PanelApp record={record} />
        </PanelEnvironmentContext.Provider>
      )}
    </PanelRecordRoot>
  );
}
