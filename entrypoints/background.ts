import { startPageRouter } from './background/page-router';
import { createPanelConnections } from './background/panel-connections';
import { startPanelToggleCommand } from './background/panel-toggle-command';
import { startRecordRouter } from './background/record-router';
import { startSync } from './background/sync';
import { createTabRecords } from './background/tab-records';

// One module per feature.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    console.info(`Baton installed (${reason})`);
  });
  const tabRecords = createTabRecords();
  const panels = createPanelConnections();
  startRecordRouter(tabRecords, panels);
  startPanelToggleCommand(tabRecords);
  startPageRouter(startSync(() => panels.count() > 0));
});
