/**
 * The outputs of a run (outputs.md "Files in --out"): findings.csv,
 * tickets.csv, rejects.csv, summary.json and the county workbooks. Read off
 * the database, so the worker that writes them need not be the one that ran.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/create-db.js';
import { loadRejects } from '../ingest/index.js';
import { readRun } from '../pipeline/run-record.js';
import { writeCsv, type CsvValue } from './csv.js';
import { writeFindingsCsv, writeTicketsCsv } from './ledger-csv.js';
import { buildSummary, type LedgerTotals, type RunSummary } from './summary.js';
import { writeCountyWorkbooks } from './workbook.js';

export const REJECTS_HEADER = ['file', 'row', 'reason', 'raw'] as const;

export interface OutputResult {
  files: string[];
  summary: RunSummary;
}

/** Writes everything but summary.json; the caller finishes the run and then writes the summary. */
export async function writeOutputs(db: Db, runId: number, outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const run = await readRun(db, runId);
  const files: string[] = [];
  const findingsFile = path.join(outDir, 'findings.csv');
  await writeFindingsCsv(db, findingsFile);
  files.push(findingsFile);
  const ticketsFile = path.join(outDir, 'tickets.csv');
  await writeTicketsCsv(db, ticketsFile, run.row.as_of);
  files.push(ticketsFile);

  const rejects = await loadRejects(db, run.sources.map((s) => s.extractId));
  const rejectsFile = path.join(outDir, 'rejects.csv');
  const fileOf = new Map(run.sources.map((s) => [s.extractId, s.file]));
  writeCsv(
    rejectsFile,
    REJECTS_HEADER,
    rejects.map((r): CsvValue[] => [fileOf.get(r.extractId) ?? r.file, r.row, r.reason, r.raw]),
  );
  files.push(rejectsFile);
  files.push(...(await writeCountyWorkbooks(db, runId, outDir)));
  return files;
}

export async function ledgerTotals(db: Db, asOf: string): Promise<LedgerTotals> {
  const [findings, tickets, overdue] = await Promise.all([
    db.kysely.selectFrom('finding').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
    db.kysely.selectFrom('ticket').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
    db.kysely
      .selectFrom('ticket')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'open')
      .where('due_at', '<', asOf)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    findingsByStatus: Object.fromEntries(findings.map((r) => [r.status, Number(r.n)])),
    ticketsByStatus: Object.fromEntries(tickets.map((r) => [r.status, Number(r.n)])),
    overdueTickets: Number(overdue.n),
  };
}

export async function writeSummary(db: Db, runId: number, outDir: string): Promise<RunSummary> {
  const run = await readRun(db, runId);
  const summary = buildSummary(run, await ledgerTotals(db, run.row.as_of));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, 'utf8');
  return summary;
}
