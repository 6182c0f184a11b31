/**
 * Starts one of ingest's worker threads (store-thread, parse-thread) from its
 * compiled .js beside this module, or, when running from the TypeScript
 * sources (tests, tsx), from its .ts with tsx registered in the thread first.
 */
import fs from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startThread(name: 'store-thread' | 'parse-thread', workerData: unknown, resourceLimits: ResourceLimits = {}): Worker {
  const compiled = new URL(`./${name}.js`, import.meta.url);
  if (fs.existsSync(compiled)) return new Worker(compiled, { workerData, resourceLimits });
  const source = new URL(`./${name}.ts`, import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, {
    eval: true,
    workerData,
    resourceLimits,
  });
}
