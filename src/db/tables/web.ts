// Tables owned by src/web (filled in by that area). Migration: src/db/migrations/.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WebTables {}
