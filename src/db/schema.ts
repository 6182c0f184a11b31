/**
 * The Kysely database interface, composed of each area's tables. Each area
 * owns its table file (src/db/tables/*.ts) and its migration(s).
 */
import type { IngestTables } from './tables/ingest.js';
import type { LedgerTables } from './tables/ledger.js';
import type { WebTables } from './tables/web.js';

export interface Database extends IngestTables, LedgerTables, WebTables {}
