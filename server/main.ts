import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { databaseSettingsFromEnv, openDatabase } from './db/connection';
import { ensureDemoWorkspace } from './demo/seed';
import { runDueWork } from './due-work';
import { trackConnections } from './http/connections';
import { startSweeping } from './sla/sweep-loop';
import { prepareDatabase } from './startup';

const shutdownGraceMs = 5_000;
const defaultSweepSeconds = 30;

function portFromEnv(value: string | undefined): number {
  const port = Number(value ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

const port = portFromEnv(process.env.PORT);
const hostname = process.env.HOST || '127.0.0.1';
const demoCrm = process.env.BATON_DEMO === '1';
const sweepSeconds = sweepSecondsFromEnv(process.env.BATON_SWEEP_SECONDS);

function sweepSecondsFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return defaultSweepSeconds;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
    throw new Error(`BATON_SWEEP_SECONDS must be 0 (off) to 86400, got "${value}"`);
  return seconds;
}

const settings = databaseSettingsFromEnv();
const db = await openDatabase(settings);
// Fail at start-up, not on the first request, when the database is unreachable or unfit.
const applied = await prepareDatabase(db);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
if (demoCrm) {
  const demo = await ensureDemoWorkspace(db, settings.dataDir);
  console.log(
    'Demo workspace "Demo Co". Sign in from the extension\'s options page with one of these tokens:',
  );
  for (const person of demo.tokens)
    console.log(`  ${person.role.padEnd(9)} ${person.name.padEnd(15)} ${person.token}`);
}

// SLA steps and deliveries; with several API instances each sweeps, and each step still happens once.
const sweeping = sweepSeconds > 0 ? startSweeping(db, sweepSeconds * 1000, runDueWork) : null;

const server = serve({ fetch: createApp({ db, demoCrm }).fetch, port, hostname }, (info) => {
  console.log(`Baton API listening on http://${hostname}:${info.port} (database: ${db.kind})`);
  if (demoCrm) console.log(`Demo CRM at http://localhost:${info.port}/demo/`);
}) as Server;
const connections = trackConnections(server);

server.on('error', (error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE'
      ? `port ${port} is already in use (set PORT to choose another)`
      : error.message;
  console.error(`Baton API could not listen on ${hostname}:${port}: ${reason}`);
  void db.close().finally(() => process.exit(1));
});

let shuttingDown = false;

function shutDown(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    console.log(`${signal} again: exiting now`);
    process.exit(1);
  }
  shuttingDown = true;
  console.log(`${signal}: finishing open requests, then closing the database`);
  // A request that does not finish in time is cut, and the database still closed cleanly.
  setTimeout(() => {
    console.error(`Requests still running after ${shutdownGraceMs} ms: cutting them`);
    connections.closeAll();
  }, shutdownGraceMs).unref();
  setTimeout(() => {
    console.error(`Still busy after ${2 * shutdownGraceMs} ms: exiting anyway`);
    process.exit(1);
  }, 2 * shutdownGraceMs).unref();
  server.close(async (closeError) => {
    try {
      await sweeping?.stop();
      await db.close();
    } finally {
      process.exit(closeError ? 1 : 0);
    }
  });
  connections.closeWhenIdle();
}

process.on('SIGINT', shutDown);
process.on('SIGTERM', shutDown);
