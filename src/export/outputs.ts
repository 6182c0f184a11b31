/**
 * The outputs of a run (outputs.md "Files in --out"): findings.csv,
 * tickets.csv, rejects.csv, summary.json and the county workbooks. Read off
 * the database, so the worker that writes them need not be the one that ran.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/create-db.js';
import { loadRejects } from '../ingest/index.js';
import { isOverdue } from '../ledger/dates.js';
import { readRun } from '../pipeline/run-record.js';
import { compareText, writeCsv, type CsvValue } from './csv.js';
import { writeFindingsCsv, writeTicketsCsv } from './ledger-csv.js';
import { buildSummary, type LedgerTotals, type RunSummary } from './summary.js';
import { startCountyWorkbooks } from './workbook.js';

export const REJECTS_HEADER = ['file', 'row', 'reason', 'raw'] as const;

export interface OutputResult {
  files: string[];
  summary: RunSummary;
}

/** Writes everything but summary.json; the caller finishes the run and then writes the summary. */
export async function writeOutputs(db: Db, runId: number, outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const run = await readRun(db, runId);
  // a second thread may start on the workbooks while this one writes the CSV files
  const workbooks = await startCountyWorkbooks(db, runId, outDir);
  const files: string[] = [];
  try {
    const findingsFile = path.join(outDir, 'findings.csv');
    await writeFindingsCsv(db, findingsFile);
    files.push(findingsFile);
    const ticketsFile = path.join(outDir, 'tickets.csv');
    await writeTicketsCsv(db, ticketsFile, run.row.as_of);
    files.push(ticketsFile);

    const rejects = await loadRejects(db, run.sources.map((s) => s.extractId));
    const rejectsFile = path.join(outDir, 'rejects.csv');
    const fileOf = new Map(run.sources.map((s) => [s.extractId, s.file]));
    writeCsv(rejectsFile, REJECTS_HEADER, rejectsCsvRows(rejects, fileOf));
    files.push(rejectsFile);
  } catch (err) {
    await workbooks.cancel();
    throw err;
  }
  files.push(...(await workbooks.finish()));
  return files;
}

/** rejects.csv rows, sorted like every CSV (outputs.md): by file (code-unit order), then row. */
export function rejectsCsvRows(
  rejects: readonly { extractId: string; file: string; row: number; reason: string; raw: string }[],
  fileOf: ReadonlyMap<string, string>,
): CsvValue[][] {
  return rejects
    .map((r) => ({ file: fileOf.get(r.extractId) ?? r.file, row: r.row, reason: r.reason, raw: r.raw }))
    .sort((a, b) => compareText(a.file, b.file) || a.row - b.row || compareText(a.reason, b.reason))
    .map((r) => [r.file, r.row, r.reason, r.raw]);
}

export async function ledgerTotals(db: Db, asOf: string): Promise<LedgerTotals> {
  const [findings, tickets] = await Promise.all([
    db.kysely.selectFrom('finding').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
    db.kysely.selectFrom('ticket').select((eb) => ['status', 'due_at', eb.fn.countAll<number>().as('n')]).groupBy(['status', 'due_at']).execute(),
  ]);
  const ticketsByStatus: Record<string, number> = {};
  let overdueTickets = 0;
  for (const row of tickets) {
    ticketsByStatus[row.status] = (ticketsByStatus[row.status] ?? 0) + Number(row.n);
    if (isOverdue(row, asOf)) overdueTickets += Number(row.n);
  }
  return {
    findingsByStatus: Object.fromEntries(findings.map((r) => [r.status, Number(r.n)])),
    ticketsByStatus,
    overdueTickets,
  };
}

export async function writeSummary(db: Db, runId: number, outDir: string): Promise<RunSummary> {
  const run = await readRun(db, runId);
  const summary = buildSummary(run, await ledgerTotals(db, run.row.as_of));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, 'utf8');
  return summary;
}
