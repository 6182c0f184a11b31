import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { setHeapGrowth, type HeapPhase } from '../../../src/pipeline/heap-growth.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Full collections while 3 million small objects are made and kept, with the heap growing as `phase` says. */
async function fullCollectionsWhileFilling(phase: HeapPhase): Promise<number> {
  setHeapGrowth(phase);
  // a full collection first sets the heap's limit by the phase's rule, as evaluateStage does
  gc();
  let full = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (((entry as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
  });
  observer.observe({ entryTypes: ['gc'] });
  let kept: { row: number; text: string }[] | null = [];
  for (let i = 0; i < 3_000_000; i++) kept.push({ row: i, text: `r${i}` });
  kept = null;
  // gc entries are delivered asynchronously
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return full;
}

describe('heap growth by phase', () => {
  afterAll(() => setHeapGrowth('reading'));

  it('collects in full more often while holding a night than while reading one (V8 takes the flag at run time)', async () => {
    const reading = await fullCollectionsWhileFilling('reading');
    const holding = await fullCollectionsWhileFilling('holding');
    expect(holding).toBeGreaterThanOrEqual(reading + 2);
  });
});
