/**
 * How far V8 lets the heap grow between full collections, set as a night
 * moves on. A V8 flag, read at each full collection, for the whole process
 * (the parse and store threads too). While files are read, V8's own choice
 * (up to 4× the live heap while the program allocates fast): few full
 * collections while a gigabyte of records fills the heap. While the night's
 * records are held and matched, where a night peaks, 30 %: the peak holds
 * less garbage. 30 % all along made a city night's ingest 16–29 % longer
 * (README "Benchmarks").
 */
import v8 from 'node:v8';

export type HeapPhase = 'reading' | 'holding';

const GROWING_PERCENT: Record<HeapPhase, number> = {
  // 0: V8's dynamic factor (the flag's default)
  reading: 0,
  holding: 30,
};

export function setHeapGrowth(phase: HeapPhase): void {
  v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT[phase]}`);
}
