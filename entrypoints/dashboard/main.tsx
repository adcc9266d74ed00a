import { render } from 'preact';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { DashboardRequestError, type DashboardSource } from '@/components/dashboard/data-source';
import '@/components/dashboard/dashboard.css';
import type { DashboardAnswer, DashboardGetMessage } from '@/lib/page-messages';
import { askBackground } from '../options/ask-background';

/** In the extension the background reads the API with the token it holds; this page never sees it. */
const fromBackground: DashboardSource = {
  async get(path) {
    const message: DashboardGetMessage = { type: 'dashboard:get', path };
    const answer = await askBackground<DashboardAnswer>(message);
    if (!answer.ok) throw new DashboardRequestError(answer.problem, answer.status);
    return answer.body;
  },
};

const root = document.getElementById('app');
if (root)
  render(
    <Dashboard
      source={fromBackground}
      header={
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Account and options
        </a>
      }
    />,
    root,
  );
