import './zod-messages';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { NewTeam, NewUser } from '../lib/api';
import { NewEventSource } from '../lib/crm-events';
import { parsePlaybook } from '../lib/handoff/playbook-validation';
import { DeliveriesQuery, NewWebhook } from '../lib/webhooks';
import {
  createEventSource,
  listEventSources,
  revokeEventSource,
  workspaceOfSource,
} from './crm-events/sources';
import { type Database, databaseSettingsFromEnv, openDatabase } from './db/connection';
import { inWorkspace } from './db/workspace-transaction';
import {
  addToken,
  createTeam,
  createUser,
  createWorkspace,
  findUserByEmail,
  revokeTokens,
} from './directory';
import { runDueWork } from './due-work';
import { ApiFailure } from './http/errors';
import { prepareDatabase } from './startup';
import { currentPlaybook, savePlaybook } from './sync/playbook-store';
import { createWebhook, listDeliveries, listWebhooks, removeWebhook } from './webhooks/registry';

const usage = `Usage: npm run baton -- <command> [options]

  migrate                                          apply pending migrations
  sweep                                            take the SLA steps that came due and send the webhook
                                                   deliveries due (for cron; the API also does both every
                                                   BATON_SWEEP_SECONDS, default 30)
  workspace create --name NAME                     create a workspace (one company); prints its id
  team create --workspace ID --id SLUG --name NAME --function marketing|sales|customer_success|support
  user create --workspace ID --email E --name N --role marketer|rep|csm|support|manager|admin
              [--teams a,b] [--manages a,b]        prints the user's token once
  token rotate --workspace ID --email E            revokes the user's tokens and prints a new one
  token revoke --workspace ID --email E            revokes every token of the user
  playbook export --workspace ID [--out FILE]      prints or writes the current playbook
  playbook import --workspace ID --file FILE       validates and stores it as the next version
  event-source add --workspace ID --name N         a CRM workflow that posts signed events to
                                                   POST /v1/events; prints its id and secret once
  event-source list --workspace ID                 lists the sources (never their secrets)
  event-source revoke --id ES                      refuses the source's events from now on
  webhook add --workspace ID --url URL [--events a,b] [--description D]
                                                   prints its id and signing secret (shown once); events
                                                   of sla_threshold, sla_breached, escalated, submitted,
                                                   returned, accepted (default: all)
  webhook list --workspace ID                      the live webhooks (no secrets)
  webhook remove --workspace ID --id ID            stops it; its pending deliveries fail
  webhook deliveries --workspace ID --id ID [--status pending|delivered|failed]
                                                   its delivery log, the newest 200 first

The database is DATABASE_URL when set, else the embedded PGlite in BATON_DATA_DIR (default .data/pglite).`;

type Options = Record<string, string | undefined>;

const list = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);

function need(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function workspaceOption(options: Options): string {
  const value = need(options, 'workspace');
  if (!uuidPattern.test(value))
    throw new UsageError(`--workspace: expected the id \`workspace create\` printed, got "${value}"`);
  return value;
}

function webhookIdOption(options: Options): string {
  const value = need(options, 'id');
  if (!uuidPattern.test(value))
    throw new UsageError(`--id: expected the id \`webhook add\` or \`webhook list\` printed, got "${value}"`);
  return value;
}

class UsageError extends Error {}

function checked<S extends z.ZodMiniType>(schema: S, input: unknown): z.infer<S> {
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return parsed.data;
  throw new UsageError(
    parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'),
  );
}

async function userId(db: Database, workspaceId: string, email: string): Promise<string> {
  const id = await inWorkspace(db, workspaceId, (tx) => findUserByEmail(tx, workspaceId, email));
  if (!id) throw new UsageError(`no user ${email} in workspace ${workspaceId}`);
  return id;
}

async function run(db: Database, command: string, options: Options): Promise<string> {
  switch (command) {
    case 'migrate': {
      return 'migrations are up to date';
    }
    case 'sweep': {
      return (await runDueWork(db)) ?? 'nothing was due';
    }
    case 'workspace create': {
      const name = need(options, 'name');
      return db.transaction((tx) => createWorkspace(tx, name));
    }
    case 'team create': {
      const workspaceId = workspaceOption(options);
      const team = checked(NewTeam, { id: options.id, name: options.name, function: options.function });
      await inWorkspace(db, workspaceId, (tx) => createTeam(tx, workspaceId, team));
      return `team ${team.id} created`;
    }
    case 'user create': {
      const workspaceId = workspaceOption(options);
      const user = checked(NewUser, {
        email: options.email,
        name: options.name,
        role: options.role,
        teams: list(options.teams),
        manages: list(options.manages),
      });
      const created = await inWorkspace(db, workspaceId, (tx) => createUser(tx, workspaceId, user));
      return `user ${created.id}\ntoken (shown once): ${created.token}`;
    }
    case 'token rotate':
    case 'token revoke': {
      const workspaceId = workspaceOption(options);
      const id = await userId(db, workspaceId, need(options, 'email'));
      return inWorkspace(db, workspaceId, async (tx) => {
        const revoked = await revokeTokens(tx, workspaceId, id);
        if (command === 'token revoke') return `${revoked} token(s) revoked`;
        const { token } = await addToken(tx, workspaceId, id);
        return `${revoked} token(s) revoked\nnew token (shown once): ${token}`;
      });
    }
    case 'playbook export': {
      const workspaceId = workspaceOption(options);
      const playbook = await inWorkspace(db, workspaceId, (tx) => currentPlaybook(tx, workspaceId));
      const text = `${JSON.stringify(playbook, null, 2)}\n`;
      if (!options.out) return text;
      await writeFile(options.out, text);
      return `playbook version ${playbook.version} written to ${options.out}`;
    }
    case 'playbook import': {
      const workspaceId = workspaceOption(options);
      const file = need(options, 'file');
      let document: unknown;
      try {
        document = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UsageError(`${file} is not readable JSON: ${(error as Error).message}`);
      }
      const result = parsePlaybook(document);
      if (!result.ok)
        throw new UsageError(
          [
            'the playbook is not valid:',
            ...result.problems.map((problem) => `  ${problem.path || '(root)'}: ${problem.message}`),
          ].join('\n'),
        );
      const saved = await inWorkspace(db, workspaceId, (tx) =>
        savePlaybook(tx, workspaceId, result.playbook, null),
      );
      return `playbook stored as version ${saved.version}`;
    }
    case 'event-source add': {
      const workspaceId = workspaceOption(options);
      const { name } = checked(NewEventSource, { name: options.name });
      const source = await inWorkspace(db, workspaceId, (tx) => createEventSource(tx, workspaceId, name));
      return `event source ${source.id}\nsecret (shown once): ${source.secret}`;
    }
    case 'event-source list': {
      const workspaceId = workspaceOption(options);
      const sources = await inWorkspace(db, workspaceId, (tx) => listEventSources(tx, workspaceId));
      if (sources.length === 0) return 'no event sources';
      return sources
        .map((source) =>
          [
            source.id,
            source.name,
            `created ${source.createdAt}`,
            source.revokedAt && `revoked ${source.revokedAt}`,
          ]
            .filter(Boolean)
            .join('  '),
        )
        .join('\n');
    }
    case 'webhook add': {
      const workspaceId = workspaceOption(options);
      const webhook = checked(NewWebhook, {
        url: need(options, 'url'),
        events: options.events === undefined ? undefined : list(options.events),
        description: options.description,
      });
      const created = await inWorkspace(db, workspaceId, (tx) => createWebhook(tx, workspaceId, webhook));
      return `webhook ${created.id}\nsigning secret (shown once): ${created.secret}`;
    }
    case 'webhook list': {
      const workspaceId = workspaceOption(options);
      const webhooks = await inWorkspace(db, workspaceId, (tx) => listWebhooks(tx, workspaceId));
      if (webhooks.length === 0) return 'no webhooks';
      return webhooks
        .map((hook) =>
          [hook.id, hook.url, hook.events.join(','), hook.description].filter(Boolean).join('  '),
        )
        .join('\n');
    }
    case 'webhook remove': {
      const workspaceId = workspaceOption(options);
      const id = webhookIdOption(options);
      await inWorkspace(db, workspaceId, (tx) => removeWebhook(tx, workspaceId, id));
      return `webhook ${id} removed`;
    }
    case 'webhook deliveries': {
      const workspaceId = workspaceOption(options);
      const id = webhookIdOption(options);
      const query = checked(DeliveriesQuery, { status: options.status, limit: 200 });
      const deliveries = await inWorkspace(db, workspaceId, (tx) =>
        listDeliveries(tx, workspaceId, id, query),
      );
      if (deliveries.length === 0) return 'no deliveries';
      return deliveries
        .map((delivery) =>
          [
            delivery.createdAt,
            delivery.id,
            delivery.eventType,
            delivery.status,
            `${delivery.attempts} attempt(s)`,
            delivery.lastStatus === null ? '' : `HTTP ${delivery.lastStatus}`,
            delivery.lastError ?? '',
          ]
            .filter(Boolean)
            .join('  '),
        )
        .join('\n');
    }
    case 'event-source revoke': {
      const id = need(options, 'id');
      const workspaceId = await workspaceOfSource(db, id);
      const revoked =
        workspaceId && (await inWorkspace(db, workspaceId, (tx) => revokeEventSource(tx, workspaceId, id)));
      if (!revoked) throw new UsageError(`no event source ${id}`);
      return `event source ${id} revoked at ${revoked.revokedAt}`;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: Object.fromEntries(
      [
        'name',
        'workspace',
        'id',
        'function',
        'email',
        'role',
        'teams',
        'manages',
        'out',
        'file',
        'url',
        'events',
        'description',
        'status',
      ].map((option) => [option, { type: 'string' as const }]),
    ),
    strict: true,
  });
  const command = positionals.join(' ');
  if (!command || command === 'help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const db = await openDatabase(databaseSettingsFromEnv());
  try {
    await prepareDatabase(db);
    console.log(await run(db, command, values as Options));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ApiFailure) {
      console.error(`baton: ${error.message}`);
      if (error instanceof ApiFailure && error.issues)
        for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`);
      if (error instanceof UsageError && error.message.startsWith('unknown command')) console.error(usage);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`baton: ${error.message}`);
    process.exit(1);
  },
);
