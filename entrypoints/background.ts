import { startBadge } from './background/badge';
import { startNotifications } from './background/notifications';
import { startPageRouter } from './background/page-router';
import { createPanelConnections } from './background/panel-connections';
import { startPanelToggleCommand } from './background/panel-toggle-command';
import { startRecordRouter } from './background/record-router';
import { createRecordSla } from './background/record-sla';
import { createSidePanels } from './background/side-panel';
import { startSync } from './background/sync';
import { createTabRecords } from './background/tab-records';
import { startToolbarAction } from './background/toolbar-action';

// One module per feature.
export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    console.info(`Baton installed (${reason})`);
  });
  const tabRecords = createTabRecords();
  const panels = createPanelConnections();
  const recordSla = createRecordSla(tabRecords);
  const badge = startBadge();
  const notifications = startNotifications();
  const sidePanels = createSidePanels(tabRecords);
  startRecordRouter(tabRecords, panels, recordSla, sidePanels);
  startPanelToggleCommand(tabRecords);
  startToolbarAction(tabRecords, sidePanels);
  const afterSync = () =>
    Promise.all([badge.refresh(), notifications.showPending(), recordSla.tellAllTabs()]);
  startPageRouter(startSync(() => panels.count() + sidePanels.count() > 0, undefined, afterSync));
  void badge.refresh();
});
