#!/usr/bin/env node
// `npm test`: builds, then runs vitest over every suite. Suites that need a
// server are skipped (and said so) when TEST_POSTGRES_URL / TEST_REDIS_URL is unset.
import { spawnSync } from 'node:child_process';

const need = [
  ['TEST_POSTGRES_URL', 'PostgreSQL suites (test/db on postgres, ledger scenario on postgres, queue)'],
  ['TEST_REDIS_URL', 'Redis suites (test/queue)'],
];
const missing = need.filter(([k]) => !process.env[k]);
for (const [k, what] of missing) console.log(`npm test: ${k} is not set: skipping ${what}. .ci/run sets it.`);
if (!process.env.RECON_BENCH) console.log('npm test: RECON_BENCH is not set: skipping the timed 100k-row paging check (test/web/paging-100k), a benchmark, not a test.');

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const args = ['vitest', 'run', ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit' });
if (missing.length) console.log(`npm test: skipped suites needing ${missing.map(([k]) => k).join(', ')} (see above).`);
process.exit(r.status ?? 1);
