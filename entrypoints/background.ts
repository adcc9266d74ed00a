import { startPanelToggleCommand } from './background/panel-toggle-command';
import { startRecordRouter } from './background/record-router';
import { createTabRecords } from './background/tab-records';

// One module per feature; the sync engine joins them in a later step.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    console.info(`Baton installed (${reason})`);
  });
  const tabRecords = createTabRecords();
  startRecordRouter(tabRecords);
  startPanelToggleCommand(tabRecords);
});
