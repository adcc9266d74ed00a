import '@/components/panel/panel.css';
import '@/components/team/team.css';
import { render } from 'preact';
import { TeamView } from '@/components/team/TeamView';
import type { LoadTeamHandoffs } from '@/components/team/use-team-handoffs';
import { askBackground } from '@/entrypoints/options/ask-background';
import { PanelEnvironmentContext } from '@/lib/panel/environment';
import type { TeamHandoffsAnswer } from '@/lib/team/handoffs';
import { useStoredEnvironment } from '../panel/environment';

/**
 * The team view as a page of its own, so none of it weighs on the panel page: the panel frame navigates
 * here (`?in=panel`, with the toggle back to the record), and the toolbar button opens it in a tab where no
 * record is open. The list comes from the background, which holds the token.
 */
const inPanel = new URLSearchParams(location.search).get('in') === 'panel';

const load: LoadTeamHandoffs = (filters, offset) =>
  askBackground<TeamHandoffsAnswer>({ type: 'team:handoffs', filters, offset });

function TeamPage() {
  const environment = useStoredEnvironment();
  if (environment === undefined) return null;
  return (
    <PanelEnvironmentContext.Provider value={environment}>
      <TeamView load={load} inPanel={inPanel} openOptions={() => void browser.runtime.openOptionsPage()} />
    </PanelEnvironmentContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<TeamPage />, root);
