/** summary.json (outputs.md): per file, matches, findings and tickets per kind, skipped rules, timings, parameters. */
import type { StoredRun } from '../pipeline/run-record.js';

export interface LedgerTotals {
  findingsByStatus: Record<string, number>;
  ticketsByStatus: Record<string, number>;
  overdueTickets: number;
}

export function buildSummary(run: StoredRun, totals: LedgerTotals) {
  const evaluation = run.evaluation;
  const matchesByFile = new Map((evaluation?.matches ?? []).map((m) => [m.file, m.byMethod]));
  return {
    run: {
      id: run.row.id,
      name: run.row.name,
      asOf: run.row.as_of,
      region: run.row.region,
      status: run.row.status,
      startedAt: run.row.started_at,
      finishedAt: run.row.finished_at,
    },
    files: run.sources.map((s) => ({
      file: s.file,
      kind: s.kind,
      extractId: s.extractId,
      read: s.read,
      accepted: s.accepted,
      rejected: s.rejected,
      encoding: s.encoding,
      sheet: s.sheet,
      headerRow: s.headerRow,
      unreadable: s.unreadable,
      outOfVocabulary: s.outOfVocabulary,
      unresolvedPlaces: s.unresolvedPlaces,
      matches: matchesByFile.get(s.file) ?? {},
      prefix15: matchesByFile.get(s.file)?.prefix15 ?? 0,
      alreadyIngested: s.alreadyIngested,
    })),
    matches: evaluation?.matches ?? [],
    scopeCounties: evaluation?.scopeCounties ?? [],
    findings: run.ledger?.findings ?? {},
    tickets: run.ledger?.tickets ?? {},
    ledger: totals,
    rulesRun: evaluation?.rulesRun ?? [],
    rulesSkipped: evaluation?.rulesSkipped ?? [],
    ticketKindsRun: evaluation?.ticketKindsRun ?? [],
    ticketPartsSkipped: evaluation?.ticketPartsSkipped ?? [],
    messages: evaluation?.messages ?? [],
    timingsMs: { ingest: run.sources.reduce((total, s) => total + s.ms, 0), ...run.timings },
    parameters: run.params,
  };
}

export type RunSummary = ReturnType<typeof buildSummary>;
