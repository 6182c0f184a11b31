/**
 * Where a night's heap goes (README "Benchmarks", "Where the memory goes"):
 *   node --expose-gc --max-semi-space-size=64 --import tsx scripts/bench/memory-breakdown.ts <pipeline.json>
 * Parses every file with readSource on this thread (one IdNumber per ID
 * across files, as a run shares them; `recon run` on SQLite decodes the same
 * records from its parse thread instead), then builds the rules' context as
 * evaluateStage does (releasing the 医保 rows that can make nothing),
 * printing the live heap after a full GC at each step. Nothing is stored.
 */
import path from 'node:path';
import { readSource, type ParsedSource } from '../../src/ingest/index.js';
import type { IdNumber } from '../../src/model/records.js';
import { loadPipeline } from '../../src/pipeline/pipeline-file.js';
import { numberSystemRows, recordSetOf } from '../../src/pipeline/stages.js';
import { buildContext } from '../../src/rules/context.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.argv[2]) {
  console.error('usage: node --expose-gc --import tsx scripts/bench/memory-breakdown.ts <pipeline.json>');
  process.exit(2);
}
let previous = 0;
function step(label: string): void {
  gc!();
  const heap = process.memoryUsage().heapUsed / 1e6;
  console.log(`| ${label} | ${heap.toFixed(0)} | ${(heap - previous >= 0 ? '+' : '')}${(heap - previous).toFixed(0)} |`);
  previous = heap;
}

const pipeline = loadPipeline(process.argv[2]);
console.log('| step | live heap MB | change MB |\n| --- | ---: | ---: |');
step('start');
const parsedFiles: ParsedSource[] = [];
const sharedIds = new Map<string, IdNumber>();
for (const source of pipeline.sources) {
  const parsed = await readSource(source, { params: pipeline.params, sharedIds });
  parsedFiles.push(parsed);
  step(`parsed ${path.basename(source.path)} (${parsed.records.length} records)`);
}
sharedIds.clear();
step('the run\'s ID map dropped');
const records = recordSetOf(parsedFiles);
numberSystemRows(records);
const context = buildContext(records, pipeline.params, { assessments: [], expenseFirstSeen: new Map() }, { collect: gc! });
step(`rules' context (${context.persons.length} persons, ${context.households.size} households)`);
