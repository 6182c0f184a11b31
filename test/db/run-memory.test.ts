/**
 * The night's records are out of reach once the rules are done: the ledger and
 * the outputs (and, on a city night, the peak memory) must not carry them.
 */
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSource } from '../../src/ingest/index.js';
import type { IngestResult } from '../../src/ingest/types.js';
import { loadPipeline } from '../../src/pipeline/pipeline-file.js';
import { createRun, evaluateStage, recordSetOf } from '../../src/pipeline/stages.js';
import { freshDb, type TestDb } from '../helpers/db.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const DEMO = path.resolve(import.meta.dirname, '../../pipelines/demo.json');

let testDb: TestDb | null = null;
afterEach(async () => {
  await testDb?.cleanup();
  testDb = null;
});

describe('memory of a run', () => {
  it('lets the records go before the ledger is written', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    const pipeline = loadPipeline(DEMO);
    const runId = await createRun(db, pipeline);
    const results: IngestResult[] = [];
    for (const source of pipeline.sources) results.push(await ingestSource(db, source, { params: pipeline.params }));
    const tracked = results.flatMap((result) => result.records.slice(0, 3).map((record) => new WeakRef(record)));
    expect(tracked.length).toBeGreaterThan(10);
    // a WeakRef holds its target until the current job ends (its microtasks drained)
    await new Promise((resolve) => setImmediate(resolve));

    const set = recordSetOf(results);
    expect(results.every((result) => result.records.length === 0)).toBe(true);
    let aliveAtLedger = -1;
    await evaluateStage(db, runId, set, (event) => {
      if (event.stage !== 'ledger') return;
      gc();
      aliveAtLedger = tracked.filter((ref) => ref.deref() !== undefined).length;
    });
    expect(aliveAtLedger).toBe(0);
    // the stage still did its work
    const run = await db.kysely.selectFrom('run').select(['ledger']).where('id', '=', runId).executeTakeFirstOrThrow();
    expect(JSON.parse(run.ledger!).findings).toBeDefined();
  });
});
