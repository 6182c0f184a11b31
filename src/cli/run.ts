/**
 * `recon run <pipeline.json> [--db …] [--out …]` (outputs.md "Command"):
 * everything in one process. Progress on stderr; stdout carries only the
 * final one-line summary. Bad input → InputError → exit 2 (src/cli/index.ts).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { defaultDbUrl } from '../config/env.js';
import type { RunSummary } from '../export/summary.js';
import { loadPipeline } from '../pipeline/pipeline-file.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { withDb } from './with-db.js';

function sum(counts: Record<string, Record<string, number>>, field: string): number {
  return Object.values(counts).reduce((total, c) => total + (c[field] ?? 0), 0);
}

export function summaryLine(summary: RunSummary, outDir: string): string {
  const findings = summary.findings as Record<string, Record<string, number>>;
  const tickets = summary.tickets as Record<string, Record<string, number>>;
  const open = (summary.ledger.findingsByStatus.open ?? 0) + (summary.ledger.findingsByStatus.in_progress ?? 0);
  return (
    `run ${summary.run.id} ${summary.run.status} (asOf ${summary.run.asOf}): ` +
    `${open} findings open (${sum(findings, 'new')} new, ${sum(findings, 'reopened')} reopened, ${sum(findings, 'autoClosed')} auto-closed); ` +
    `${summary.ledger.ticketsByStatus.open ?? 0} tickets open (${sum(tickets, 'opened')} opened, ${sum(tickets, 'closed')} closed, ` +
    `${summary.ledger.overdueTickets} overdue); outputs in ${outDir}`
  );
}

export function register(program: Command): void {
  program
    .command('run')
    .description('Run a pipeline in one process: ingest every source, match, apply the rules, update the ledger, write the outputs.')
    .argument('<pipeline>', 'the pipeline file (JSON)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .option('--out <dir>', 'folder for findings.csv, tickets.csv, rejects.csv, summary.json and workbooks', 'out')
    .action(async (pipelinePath: string, options: { db: string; out: string }) => {
      const pipeline = loadPipeline(pipelinePath); // a bad pipeline fails before any database is touched
      const outDir = path.resolve(options.out);
      const outcome = await withDb(options.db, (db) =>
        runPipeline(pipeline, {
          db,
          outDir,
          onProgress: (event) => process.stderr.write(`recon: [${event.stage}] ${event.message}\n`),
        }),
      );
      process.stdout.write(`${summaryLine(outcome.summary, options.out)}\n`);
    });
}
