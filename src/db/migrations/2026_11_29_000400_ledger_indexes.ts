/**
 * Fast findings lists at 100,000+ rows. `finding_county.placed` marks the row
 * of a finding's own county, so the few rows that list a finding in another
 * county (placed = 0) are found by index and a county's total is counted from
 * index entries alone. Severity joins the status/rule indexes for the same reason.
 * Frozen in time: imports nothing from the application.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('finding_county').addColumn('placed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`UPDATE finding_county SET placed = 1
    WHERE county_code = (SELECT finding.county_code FROM finding WHERE finding.key = finding_county.finding_key)`.execute(db);
  await db.schema.createIndex('finding_county_cross').on('finding_county').columns(['placed', 'county_code', 'finding_key']).execute();

  await db.schema.dropIndex('finding_county_status_rule').execute();
  await db.schema.createIndex('finding_county_status_rule_severity').on('finding').columns(['county_code', 'status', 'rule', 'severity']).execute();
  await db.schema.dropIndex('finding_status_rule').execute();
  await db.schema.createIndex('finding_status_rule_severity').on('finding').columns(['status', 'rule', 'severity']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('finding_status_rule_severity').execute();
  await db.schema.createIndex('finding_status_rule').on('finding').columns(['status', 'rule']).execute();
  await db.schema.dropIndex('finding_county_status_rule_severity').execute();
  await db.schema.createIndex('finding_county_status_rule').on('finding').columns(['county_code', 'status', 'rule']).execute();
  await db.schema.dropIndex('finding_county_cross').execute();
  await db.schema.alterTable('finding_county').dropColumn('placed').execute();
}
