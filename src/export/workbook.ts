/**
 * County correction workbooks (outputs.md "Correction workbook"): for the
 * people who fix the data, in Chinese, one per county, written with exceljs'
 * streaming writer from the ledger row by row, so a county with 100,000
 * findings takes no more memory than one with ten.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Db } from '../db/create-db.js';
import { today } from '../ledger/dates.js';
import { getRun, listRuns } from '../ledger/queries.js';
import { safeCell } from './safe-text.js';
import {
  countiesWithWork, countyName, findingCounts, openFindings, openItemCount, openTickets, rulesWithOpenFindings, ticketCounts,
  type CountyCode,
} from './workbook/items.js';
import { WorkbookThread } from './workbook-thread-client.js';
import { FINDING_ANSWERS, FINDING_COL, FINDING_COLUMNS, SUMMARY_SHEET, TICKET_COL, TICKET_COLUMNS, TICKET_RESULTS, TICKET_SHEET, sheetName } from './workbook/layout.js';
import { ruleTitle } from '../rules/catalogue.js';
import { findingSheetRow, RULE_ORDER, ticketSheetRow } from './workbook/rows.js';
import { writeDataSheet, writeTableSheet, type SheetRow } from './workbook/sheet-writer.js';
import { summaryBlocks } from './workbook/summary.js';

/** Open findings and tickets from which a second thread writes some of the workbooks (it takes ~0.3 s to start). */
export const WORKBOOK_THREAD_FROM = 2000;

/** County workbooks being written: `finish` writes the rest on this thread and resolves with every path, in county order. */
export interface CountyWorkbooks {
  /** whether a second thread writes some of them */
  threaded: boolean;
  finish(): Promise<string[]>;
  /** stops the second thread (a failure elsewhere); files already written stay */
  cancel(): Promise<void>;
}

/**
 * Starts writing outDir/workbooks/<county_code>-<county>.xlsx for every county
 * (within the run's region) with open or in_progress findings or open
 * tickets, plus workbooks/unplaced.xlsx for items with no county. With
 * `threadFrom` open items or more on a SQLite file, a workbook thread starts
 * on them at once, so they are written while the caller writes its CSV
 * files; `finish` then has this thread take its share, one county at a time,
 * whichever thread is free taking the next.
 */
export async function startCountyWorkbooks(
  db: Db,
  runId: number,
  outDir: string,
  { threadFrom = WORKBOOK_THREAD_FROM }: { threadFrom?: number } = {},
): Promise<CountyWorkbooks> {
  const run = await getRun(db, runId);
  if (!run) throw new Error(`run ${runId} not found`);
  const dir = path.join(outDir, 'workbooks');
  fs.mkdirSync(dir, { recursive: true });
  const jobs: { countyCode: CountyCode; file: string }[] = [];
  for (const countyCode of await countiesWithWork(db, run.region)) {
    jobs.push({ countyCode, file: path.join(dir, await workbookFileName(db, countyCode)) });
  }
  let next = 0;
  // each writer takes the next county once its last is written; a failure stops both taking more (the run fails)
  const takeAll = async (write: (job: (typeof jobs)[number]) => Promise<unknown>): Promise<void> => {
    try {
      for (let job = jobs[next++]; job; job = jobs[next++]) await write(job);
    } catch (err) {
      next = jobs.length;
      throw err;
    }
  };
  const thread = jobs.length > 1 && (await openItemCount(db)) >= threadFrom ? WorkbookThread.open(db) : null;
  const threadDone = thread ? takeAll((job) => thread.write(job.countyCode, job.file, runId, run.as_of)) : Promise.resolve();
  threadDone.catch(() => undefined); // awaited in finish
  return {
    threaded: thread !== null,
    async finish() {
      try {
        const results = await Promise.allSettled([takeAll((job) => writeCountyWorkbook(db, job.countyCode, job.file, { runId, asOf: run.as_of })), threadDone]);
        const failed = results.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      } finally {
        await thread?.close();
      }
      return jobs.map((job) => job.file);
    },
    async cancel() {
      next = jobs.length;
      await threadDone.catch(() => undefined);
      await thread?.close();
    },
  };
}

/** Every county workbook of a run (startCountyWorkbooks), the paths in county order. */
export async function writeCountyWorkbooks(db: Db, runId: number, outDir: string, options: { threadFrom?: number } = {}): Promise<string[]> {
  return (await startCountyWorkbooks(db, runId, outDir, options)).finish();
}

/** `370124-平阴县.xlsx`, or `unplaced.xlsx` for the items with no county. */
export async function workbookFileName(db: Db, countyCode: CountyCode): Promise<string> {
  if (countyCode === null) return 'unplaced.xlsx';
  const name = await countyName(db, countyCode);
  return `${countyCode}-${(name ?? '').replace(/[\\/:*?"<>|\s]/g, '_')}.xlsx`.replace(/-\.xlsx$/, '.xlsx');
}

/**
 * Writes one county's workbook (countyCode null → the unplaced items) to
 * `file`. Overdue is judged on `asOf`: the given one, else the run's, else the
 * latest run's, else today.
 */
export async function writeCountyWorkbook(
  db: Db,
  countyCode: string | null,
  file: string,
  options: { runId?: number; asOf?: string } = {},
): Promise<{ findings: number; tickets: number }> {
  const run = options.runId !== undefined ? await getRun(db, options.runId) : (await listRuns(db, 1))[0];
  const asOf = options.asOf ?? run?.as_of ?? today();
  const county = countyCode === null ? '未定位到县区的数据' : `${(await countyName(db, countyCode)) ?? ''}（${countyCode}）`;
  const heading = `${county} 防止返贫监测数据比对核实表 · ${run ? `第${run.id}次比对 · ` : ''}数据截至 ${asOf} · 导出日期 ${today()}`;

  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // opened here, not by exceljs: it leaves a stream's error unheard, and its commit then waits forever
  const out = await openOutput(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // raced below; an error after the commit has nothing left to fail
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'recon';
  try {
    const [findingTotals, ticketTotals] = await Promise.all([findingCounts(db, countyCode), ticketCounts(db, countyCode, asOf)]);
    writeTableSheet(workbook, SUMMARY_SHEET, safeCell(heading), summaryBlocks(findingTotals, ticketTotals));

    const openByRule = await rulesWithOpenFindings(db, countyCode);
    const rules = [...openByRule.keys()].sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b));
    let findings = 0;
    for (const rule of rules) {
      const title = ruleTitle(rule);
      findings += await writeDataSheet(
        workbook,
        { name: sheetName(title), title: safeCell(`${title} · ${heading}`), columns: FINDING_COLUMNS, dropDown: { column: FINDING_COL.answer, values: FINDING_ANSWERS } },
        () => numbered(openFindings(db, countyCode, rule), (finding, seq) => findingSheetRow(finding, seq)),
      );
    }

    const tickets = await writeDataSheet(
      workbook,
      { name: TICKET_SHEET, title: safeCell(`研判工单 · ${heading}`), columns: TICKET_COLUMNS, dropDown: { column: TICKET_COL.result, values: TICKET_RESULTS } },
      () => numbered(openTickets(db, countyCode), (ticket, seq) => ticketSheetRow(ticket, seq, asOf)),
    );
    await Promise.race([workbook.commit(), failed]);
    return { findings, tickets };
  } catch (err) {
    // no half-written workbook left behind for someone to send out
    out.destroy();
    fs.rmSync(file, { force: true });
    throw err;
  }
}

/** A new file for writing, once it is open (a folder in its place, or no permission: rejects now). */
function openOutput(file: string): Promise<fs.WriteStream> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.once('open', () => resolve(out)).once('error', reject);
  });
}

function orderOf(rule: string): number {
  const index = RULE_ORDER.indexOf(rule);
  return index < 0 ? RULE_ORDER.length : index;
}

async function* numbered<T>(items: AsyncIterable<T>, toRow: (item: T, seq: number) => SheetRow): AsyncGenerator<SheetRow> {
  let seq = 0;
  for await (const item of items) yield toRow(item, ++seq);
}
