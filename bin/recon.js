#!/usr/bin/env -S node --heap-growing-percent=30 --expose-gc
// Files are parsed on a parse thread with a young generation of its own
// (src/ingest/parse-thread-client.ts): the main thread's, which holds the
// night, stays at V8's default size. --heap-growing-percent: the heap grows by 30 % between full
// collections, not up to 4×, holding less garbage at a night's peak (15 % made a city
// night 9 % slower for 45 MB less at the peak: README "Benchmarks"). --expose-gc:
// a run collects its records' gigabyte as soon as the rules are done (README
// "Benchmarks"). `node bin/recon.js` without the flags works too.
// Long-running commands (worker, serve) resolve only when they shut down.
import { main } from '../dist/cli/index.js';
process.exit(await main(process.argv));
