/**
 * The findings list over a 100,000-row ledger (SQLite): page 1, a middle
 * page, the last page, a filtered page and a search, each timed. Opt-in
 * (RECON_BENCH=1): seeding takes half a minute. Prints the timings.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingCandidate } from '../../src/model/findings.js';
import { buildWebServer } from '../../src/web/server.js';
import { freshDb, type TestDb } from '../helpers/db.js';
import { itemLinks, WebClient } from './client.js';
import { PASSWORD, PLACES, seedLedger, seedUsers } from './seed.js';

const ROWS = 100_000;
/** generous: the machine running CI is shared; an unindexed sort of 100k rows takes far longer */
const BUDGET_MS = 3000;

function syntheticFindings(): FindingCandidate[] {
  const rules = ['MED_UNINSURED', 'FIELD_MISSING', 'NAME_MISMATCH', 'DIBAO_STALE', 'EDU_STAGE_MISMATCH'] as const;
  return Array.from({ length: ROWS }, (_, i) => {
    const id = `370102${19000101 + (i % 1000)}${String(i % 10_000).padStart(4, '0')}`;
    const place = i % 10 === 0 ? PLACES.shibei! : PLACES.lixia!;
    return {
      rule: rules[i % 5]!, subject: `${id}#${i}`, source: '', householdId: `H${i}`, name: `名${i}`, idNumber: id, deptIdNumber: null,
      place, systemValue: 'a', deptValue: 'b', detail: 'd', evidence: [{ file: 'f.xlsx', row: i }], counties: [place.countyCode!],
    };
  });
}

describe.skipIf(!process.env.RECON_BENCH)('findings list at 100,000 rows', () => {
  let testDb: TestDb;
  let app: FastifyInstance;
  let client: WebClient;

  beforeAll(async () => {
    testDb = await freshDb('sqlite');
    await seedLedger(testDb.db, syntheticFindings(), []);
    await seedUsers(testDb.db);
    app = await buildWebServer(testDb.db, { secret: Buffer.from('s'), logger: pino({ level: 'silent' }) });
    client = (await WebClient.login(app, 'lixia', PASSWORD)).client!;
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it('renders each page within the budget', async () => {
    const lastPage = Math.ceil((ROWS * 0.9) / 50);
    const timings: Record<string, number> = {};
    for (const url of ['/findings', '/findings?page=900', `/findings?page=${lastPage}`, '/findings?rule=NAME_MISMATCH&page=300', '/']) {
      const started = performance.now();
      const response = await client.get(url);
      timings[url] = Math.round(performance.now() - started);
      expect(response.statusCode).toBe(200);
      if (url !== '/') expect(itemLinks(response.body, 'findings')).toHaveLength(50);
    }
    await client.post('/findings/search', { search: '名4242' });
    const started = performance.now();
    expect(itemLinks((await client.get('/findings')).body, 'findings')).toHaveLength(10);
    timings['search name'] = Math.round(performance.now() - started);
    console.log('findings list at 100k rows (ms):', timings);
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(BUDGET_MS);
  }, 120_000);
});
