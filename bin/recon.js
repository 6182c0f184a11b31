#!/usr/bin/env -S node --expose-gc
// Files are parsed on a parse thread with a young generation of its own
// (src/ingest/parse-thread-client.ts): the main thread's, which holds the
// night, stays at V8's default size. How far the heap grows between full
// collections is set as a night moves on (src/pipeline/heap-growth.ts): V8's
// own choice while files are read, 30 % while the records are held and
// matched. --expose-gc: a run collects its records' gigabyte as soon as the
// rules are done (README "Benchmarks"). `node bin/recon.js` without the flag
// works too.
// Long-running commands (worker, serve) resolve only when they shut down.
import { main } from '../dist/cli/index.js';
process.exit(await main(process.argv));
