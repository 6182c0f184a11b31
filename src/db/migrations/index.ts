/**
 * Every migration, by name (names sort in the order they run: YYYY_MM_DD_HHMMSS_what).
 * Add a migration: create its file here and list it below.
 */
import type { Migration } from 'kysely/migration';

export const migrations: Record<string, Migration> = {};
