import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { demoCustomerAccounts } from './customers';
import { type DemoAccount, type DemoOpportunity, demoAccounts, demoOpportunities } from './records';

/** The accounts with deals in progress first, then the customers of the seeded handoff history. */
const accounts: readonly DemoAccount[] = [...demoAccounts, ...demoCustomerAccounts];

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const calendarDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

const accountUrl = (id: string) => `/demo/accounts/${encodeURIComponent(id)}`;
const opportunityUrl = (id: string) => `/demo/opportunities/${encodeURIComponent(id)}`;

const styles = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f4f6f9; }
  header { background: #0b5cab; color: #fff; padding: 0.6rem 1.5rem; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 1.5rem; background: #fff; border-radius: 6px; }
  .record-type { color: #52606d; margin: 0; text-transform: uppercase; font-size: 0.8rem; }
  h1 { margin: 0 0 1rem; }
  dl { display: grid; grid-template-columns: repeat(2, 1fr); gap: 0.75rem 2rem; }
  dt { color: #52606d; font-size: 0.85rem; }
  dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #e4e7eb; }
`;

function page(title: string, body: Markup): Markup {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} | Baton demo CRM</title>
    <link rel="icon" href="data:," />
    <style>${raw(styles)}</style>
  </head>
  <body>
    <header><a href="/demo/">Baton demo CRM</a></header>
    <main>${body}</main>
  </body>
</html>`;
}

/** One labelled field; `data-field` is the stable hook a demo adapter can read instead of layout. */
function field(name: string, label: string, value: Markup | string): Markup {
  return html`<div data-field="${name}"><dt>${label}</dt><dd>${value}</dd></div>`;
}

function date(isoDate: string): Markup {
  return html`<time datetime="${isoDate}">${calendarDate.format(new Date(`${isoDate}T00:00:00Z`))}</time>`;
}

function accountsPage(): Markup {
  const rows = accounts.map(
    (account) => html`<tr>
      <td><a href="${accountUrl(account.id)}">${account.name}</a></td>
      <td>${account.industry}</td>
      <td>${account.billingCity}</td>
      <td>${account.owner}</td>
    </tr>`,
  );
  return page(
    'Accounts',
    html`<p class="record-type">Accounts</p>
      <h1>All accounts</h1>
      <table>
        <thead><tr><th>Account name</th><th>Industry</th><th>Billing city</th><th>Account owner</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>`,
  );
}

function accountPage(account: DemoAccount): Markup {
  const opportunities = demoOpportunities.filter((opportunity) => opportunity.accountId === account.id);
  const rows = opportunities.map(
    (opportunity) => html`<tr>
      <td><a href="${opportunityUrl(opportunity.id)}">${opportunity.name}</a></td>
      <td>${opportunity.stage}</td>
      <td>${usd.format(opportunity.amount)}</td>
      <td>${date(opportunity.closeDate)}</td>
    </tr>`,
  );
  return page(
    `${account.name} | Account`,
    html`<p class="record-type">Account</p>
      <h1>${account.name}</h1>
      <dl>
        ${field('name', 'Account name', account.name)}
        ${field('owner', 'Account owner', account.owner)}
        ${field('industry', 'Industry', account.industry)}
        ${field('annualRevenue', 'Annual revenue', usd.format(account.annualRevenue))}
        ${field('billingCity', 'Billing city', account.billingCity)}
        ${field('website', 'Website', html`<a href="${account.website}">${account.website}</a>`)}
      </dl>
      <h2>Opportunities (${opportunities.length})</h2>
      <table>
        <thead><tr><th>Opportunity name</th><th>Stage</th><th>Amount</th><th>Close date</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>`,
  );
}

function opportunityPage(opportunity: DemoOpportunity, account: DemoAccount | undefined): Markup {
  const accountLink = account ? html`<a href="${accountUrl(account.id)}">${account.name}</a>` : '—';
  return page(
    `${opportunity.name} | Opportunity`,
    html`<p class="record-type">Opportunity</p>
      <h1>${opportunity.name}</h1>
      <dl>
        ${field('name', 'Opportunity name', opportunity.name)}
        ${field('account', 'Account name', accountLink)}
        ${field('amount', 'Amount', usd.format(opportunity.amount))}
        ${field('stage', 'Stage', opportunity.stage)}
        ${field('probability', 'Probability (%)', `${opportunity.probability}%`)}
        ${field('closeDate', 'Close date', date(opportunity.closeDate))}
        ${field('owner', 'Opportunity owner', opportunity.owner)}
      </dl>`,
  );
}

function notFoundPage(): Markup {
  return page(
    'Not found',
    html`<h1>Record not found</h1>
      <p><a href="/demo/">Back to all accounts</a></p>`,
  );
}

/** The demo CRM `npm start` serves at /demo/, so a development build has a page to run on. */
export function demoCrmRoutes(): Hono {
  // Full paths rather than a mount point: a sub-app's '/' would answer /demo but not /demo/.
  const demo = new Hono();
  demo.get('/demo', (c) => c.redirect('/demo/'));
  demo.get('/demo/', (c) => c.html(accountsPage()));
  demo.get('/demo/accounts/:id', (c) => {
    const account = accounts.find((candidate) => candidate.id === c.req.param('id'));
    return account ? c.html(accountPage(account)) : c.html(notFoundPage(), 404);
  });
  demo.get('/demo/opportunities/:id', (c) => {
    const opportunity = demoOpportunities.find((candidate) => candidate.id === c.req.param('id'));
    if (!opportunity) return c.html(notFoundPage(), 404);
    const account = accounts.find((candidate) => candidate.id === opportunity.accountId);
    return c.html(opportunityPage(opportunity, account));
  });
  demo.get('/demo/*', (c) => c.html(notFoundPage(), 404));
  return demo;
}
