/**
 * Every migration, by name (names sort in the order they run: YYYY_MM_DD_HHMMSS_what).
 * Add a migration: create its file here and list it below.
 */
import type { Migration } from 'kysely/migration';
import * as ingest from './2026_11_29_000100_ingest.js';
import * as ledger from './2026_11_29_000200_ledger.js';
import * as web from './2026_11_29_000300_web.js';
import * as ledgerIndexes from './2026_11_29_000400_ledger_indexes.js';
import * as extractPlaces from './2026_11_29_000500_extract_places.js';

export const migrations: Record<string, Migration> = {
  '2026_11_29_000100_ingest': ingest,
  '2026_11_29_000200_ledger': ledger,
  '2026_11_29_000300_web': web,
  '2026_11_29_000400_ledger_indexes': ledgerIndexes,
  '2026_11_29_000500_extract_places': extractPlaces,
};
