#!/usr/bin/env -S node --max-semi-space-size=64 --heap-growing-percent=15 --expose-gc
// --max-semi-space-size: a run's millions of short-lived row objects die in
// a 64 MB young generation instead of being promoted (a third less CPU on a
// city night). --heap-growing-percent: the heap grows by 15 % between full
// collections, not up to 4×, holding less garbage at a night's peak. --expose-gc:
// a run collects its records' gigabyte as soon as the rules are done (README
// "Benchmarks"). `node bin/recon.js` without the flags works too.
// Long-running commands (worker, serve) resolve only when they shut down.
import { main } from '../dist/cli/index.js';
process.exit(await main(process.argv));
