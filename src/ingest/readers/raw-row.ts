import type { Cell } from '../normalise/text.js';

/** One row of a file as read, before any mapping. `row` as data-contract.md defines it. */
export interface RawRow {
  row: number;
  cells: Cell[];
  /** CSV: a record papaparse could not pair a quote in, re-read on its own (readers/csv.ts, unpairedQuoteRecord) */
  literal?: true;
}

/** Readers hand rows over in batches: a big file never sits in memory as one array of rows. */
export type RowBatches = AsyncIterable<RawRow[]>;

export const BATCH_SIZE = 2000;
