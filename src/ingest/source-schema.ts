/**
 * The per-kind schema files (schemas/<kind>.json, plus schemas/common.json):
 * column aliases, required columns and vocabularies. They are data, read at
 * run time from the package's schemas/ folder, so adding an alias is a
 * one-line change that needs no code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SourceKind } from '../model/records.js';

const spellings = z.array(z.string());
const classes = z.record(z.string(), spellings);

const sourceSchemaFile = z.object({
  kind: z.string(),
  fields: z.record(z.string(), spellings),
  multiColumn: z.array(z.string()).optional(),
  required: z.array(z.string()),
  measureColumns: classes.optional(),
  measures: z
    .object({
      developmentTypes: spellings,
      listItems: z.record(z.string(), z.string()),
      itemsOfNoType: spellings,
    })
    .optional(),
  vocab: z.record(z.string(), z.union([spellings, classes])),
});

const commonFile = z.object({
  yes: spellings,
  no: spellings,
  listSeparators: z.string(),
  totalsRowWords: spellings,
  stage: classes,
  stagePrefixes: classes,
});

export type SourceSchema = z.infer<typeof sourceSchemaFile>;
export type CommonVocab = z.infer<typeof commonFile>;

/** schemas/ sits at the package root: two levels above src/ingest, three above dist/src/ingest. */
function schemasDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'common.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('schemas/ folder not found next to the recon package');
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const cache = new Map<string, SourceSchema>();
let common: CommonVocab | undefined;

export function loadSourceSchema(kind: SourceKind): SourceSchema {
  let schema = cache.get(kind);
  if (!schema) {
    const file = path.join(schemasDir(), `${kind}.json`);
    const parsed = sourceSchemaFile.safeParse(readJson(file));
    if (!parsed.success) throw new Error(`schemas/${kind}.json is malformed: ${parsed.error.message}`);
    schema = parsed.data;
    cache.set(kind, schema);
  }
  return schema;
}

export function loadCommonVocab(): CommonVocab {
  if (!common) {
    const parsed = commonFile.safeParse(readJson(path.join(schemasDir(), 'common.json')));
    if (!parsed.success) throw new Error(`schemas/common.json is malformed: ${parsed.error.message}`);
    common = parsed.data;
  }
  return common;
}

/** `{ active: ['正常', '在保'], … }` → Map spelling → class, keys compared without whitespace. */
export function classMap<T extends string>(classesBySpelling: Record<string, string[]> | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const [cls, words] of Object.entries(classesBySpelling ?? {})) {
    for (const word of words) map.set(word.replace(/\s+/g, ''), cls as T);
  }
  return map;
}

/** A vocabulary entry that is a plain list of spellings. */
export function vocabList(schema: SourceSchema, key: string): string[] {
  const entry = schema.vocab[key];
  return Array.isArray(entry) ? entry : [];
}

/** A vocabulary entry that groups spellings into classes. */
export function vocabClasses(schema: SourceSchema, key: string): Record<string, string[]> {
  const entry = schema.vocab[key];
  return entry && !Array.isArray(entry) ? entry : {};
}
