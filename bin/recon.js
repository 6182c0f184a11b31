#!/usr/bin/env node
// Long-running commands (worker, serve) resolve only when they shut down.
import { main } from '../dist/cli/index.js';
process.exit(await main(process.argv));
