/**
 * Starts one of recon's worker threads (ingest's parse and store threads, the
 * workbook thread) from its compiled .js, or, when running from the
 * TypeScript sources (tests, tsx), from the .ts beside it with tsx
 * registered in the thread first. `module`: the thread's .js file, as
 * `new URL('./store-thread.js', import.meta.url)`.
 */
import fs from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startThread(module: URL, workerData: unknown, resourceLimits: ResourceLimits = {}): Worker {
  if (fs.existsSync(module)) return new Worker(module, { workerData, resourceLimits });
  const source = new URL(module.href.replace(/\.js$/, '.ts')).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, {
    eval: true,
    workerData,
    resourceLimits,
  });
}

/** Calls `fail` when the thread throws or exits: the work it was given can then never finish. */
export function whenThreadStops(worker: Worker, name: string, fail: (err: Error) => void): void {
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the ${name} thread stopped (exit code ${code})`)));
}
