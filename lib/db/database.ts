import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  ClientMeta,
  DirectoryRow,
  HistoryRow,
  NoticeRow,
  OutboxRow,
  PacketRow,
  RecordUrlRow,
  RejectionRow,
  SettingRow,
  SlaSummaryRow,
  TeamHandoffsRow,
  TypingRow,
} from './rows';

export const databaseName = 'baton';

/**
 * The extension's one database, shared by the panel and the background. Lives in the extension's origin,
 * never the CRM page's. A schema change adds a `version(n + 1)` below the existing ones (with an `upgrade`
 * when rows must change), never edits an old one: browsers upgrade in place from whatever they have.
 */
export class BatonDatabase extends Dexie {
  packets!: EntityTable<PacketRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  meta!: EntityTable<ClientMeta, 'key'>;
  history!: Table<HistoryRow, [string, number]>;
  rejections!: EntityTable<RejectionRow, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  typing!: EntityTable<TypingRow, 'key'>;
  slaSummaries!: EntityTable<SlaSummaryRow, 'packetId'>;
  notices!: EntityTable<NoticeRow, 'key'>;
  recordUrls!: EntityTable<RecordUrlRow, 'key'>;
  directory!: EntityTable<DirectoryRow, 'key'>;
  teamHandoffs!: EntityTable<TeamHandoffsRow, 'key'>;

  constructor(name = databaseName) {
    // Chrome commits with relaxed durability by default; strict means "saved" survives a crash or power cut.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      packets: 'id, *recordKeys, *searchWords',
      outbox: 'id, packetId',
      meta: 'key',
      history: '[packetId+seq], packetId',
      rejections: '++id, packetId, mutationId',
      settings: 'key',
    });
    this.version(2).stores({ typing: 'key' });
    this.version(3).stores({ slaSummaries: 'packetId', notices: 'key, status', recordUrls: 'key' });
    this.version(4).stores({ directory: 'key' });
    this.version(5).stores({ teamHandoffs: 'key' });
  }
}

let shared: BatonDatabase | undefined;

/** The database every part of the extension uses, opened on first use. */
export function sharedDatabase(): BatonDatabase {
  shared ??= new BatonDatabase();
  return shared;
}
