import { render } from 'preact';
import { WebDashboard } from '@/components/dashboard/WebDashboard';
import '@/components/dashboard/dashboard.css';

const root = document.getElementById('app');
if (root)
  render(<WebDashboard storage={sessionStorage} fetcher={(input, init) => fetch(input, init)} />, root);
