// Tables owned by src/ingest (filled in by that area). Migration: src/db/migrations/.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IngestTables {}
