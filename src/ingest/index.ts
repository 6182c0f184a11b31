/** The ingest area's public API (docs/architecture.md: "ingest one file", "load records"). */
export { readSource } from './read-source.js';
export { ingestFile, ingestFiles, ingestSource, ingestSourceVia, type IngestThreads } from './ingest.js';
export { StoreThread } from './store-thread-client.js';
export { ParseThread } from './parse-thread-client.js';
export { loadRecords, loadRejects, findExtracts } from './store.js';
export { normaliseIdNumber, checkDigit, cleanIdText } from './normalise/id-number.js';
export { normaliseName } from './normalise/name.js';
export { parseDate } from './normalise/date.js';
export { parseMoney } from './normalise/money.js';
export type {
  SourceSpec,
  IngestContext,
  IngestResult,
  ParsedSource,
  RejectedRow,
  SourceStats,
  AnyRecord,
} from './types.js';
