/**
 * The ledger: runs, findings (+ their counties), tickets, events, assessments,
 * expense triggers. Frozen in time: imports nothing from the application.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // an auto-increment integer key in either dialect
  const serialKey = (table: string) =>
    pg
      ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await serialKey('run')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('pipeline', 'text')
    .addColumn('evaluation', 'text')
    .addColumn('ledger', 'text')
    .addColumn('timings', 'text')
    .addColumn('summary', 'text')
    .addColumn('error', 'text')
    .execute();

  // one row per source of a run (ingest stages may run in parallel workers)
  await db.schema
    .createTable('run_source')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('run.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('extract_id', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_source_pk', ['run_id', 'position'])
    .execute();

  await db.schema
    .createTable('finding')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('county', 'text')
    .addColumn('town_code', 'text')
    .addColumn('town', 'text')
    .addColumn('village_code', 'text')
    .addColumn('village', 'text')
    .addColumn('household_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('id_number', 'text')
    .addColumn('dept_id_number', 'text')
    .addColumn('system_value', 'text', (c) => c.notNull())
    .addColumn('dept_value', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('counties', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('last_run_id', 'integer')
    .execute();
  await db.schema.createIndex('finding_county_status_rule').on('finding').columns(['county_code', 'status', 'rule']).execute();
  await db.schema.createIndex('finding_status_rule').on('finding').columns(['status', 'rule']).execute();
  await db.schema.createIndex('finding_id_number').on('finding').column('id_number').execute();
  await db.schema.createIndex('finding_household').on('finding').column('household_id').execute();

  await db.schema
    .createTable('finding_county')
    .addColumn('finding_key', 'text', (c) => c.notNull().references('finding.key').onDelete('cascade'))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_county_pk', ['finding_key', 'county_code'])
    .execute();
  await db.schema.createIndex('finding_county_by_county').on('finding_county').columns(['county_code', 'finding_key']).execute();

  await db.schema
    .createTable('ticket')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('county', 'text')
    .addColumn('town_code', 'text')
    .addColumn('town', 'text')
    .addColumn('village_code', 'text')
    .addColumn('village', 'text')
    .addColumn('household_id', 'text')
    .addColumn('civil_head_id_number', 'text')
    .addColumn('head_name', 'text')
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('triggers', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('trigger_date', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('assessed_at', 'text')
    .addColumn('assessed_by', 'text')
    .addColumn('note', 'text')
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text')
    .addColumn('last_run_id', 'integer')
    .execute();
  await db.schema.createIndex('ticket_county_status_kind').on('ticket').columns(['county_code', 'status', 'kind']).execute();

  await serialKey('event')
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('event_item').on('event').columns(['item_type', 'item_key']).execute();

  await serialKey('assessment')
    .addColumn('ticket_key', 'text')
    .addColumn('id_numbers', 'text', (c) => c.notNull())
    .addColumn('assessed_at', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('by', 'text')
    .addColumn('note', 'text')
    .addColumn('source_key', 'text', (c) => c.unique())
    .execute();

  await db.schema
    .createTable('expense_trigger')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['expense_trigger', 'assessment', 'event', 'ticket', 'finding_county', 'finding', 'run_source', 'run']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
