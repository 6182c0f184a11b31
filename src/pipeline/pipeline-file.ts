/**
 * The pipeline file (outputs.md "Pipeline file"): JSON naming the run, its
 * sources and its parameters. Unknown keys are errors, never ignored; every
 * problem is an InputError one-liner naming the file and the key.
 */
import type { SourceSpec } from '../ingest/types.js';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { SOURCE_KINDS, type SourceKind } from '../model/records.js';
import type { Params } from '../model/params.js';
import { resolveParams } from './params.js';

/** A source of a loaded pipeline: its path resolved, and the path as written kept for evidence and messages. */
export type PipelineSource = SourceSpec & { displayName: string };

export interface Pipeline {
  name: string;
  /** the pipeline file it was read from (absolute) */
  file: string;
  sources: PipelineSource[];
  params: Params;
}

const sourceShape = z
  .object({
    kind: z.string(),
    path: z.string().min(1),
    encoding: z.string().min(1).optional(),
    sheet: z.string().min(1).optional(),
  })
  .strict();

const pipelineShape = z
  .object({
    name: z.string().min(1).optional(),
    asOf: z.unknown().optional(),
    region: z.unknown().optional(),
    sources: z.array(sourceShape).min(1),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

function where(issuePath: readonly PropertyKey[]): string {
  return issuePath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const at = where(issue.path);
    return `unknown key ${issue.keys.map((k) => `"${at ? `${at}.` : ''}${k}"`).join(', ')}`;
  }
  const at = where(issue.path) || 'the file';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing "${at}"`;
  return `bad "${at}": ${issue.message}`;
}

/** Reads and validates a pipeline file. Paths are relative to the file. */
export function loadPipeline(pipelinePath: string): Pipeline {
  const file = path.resolve(pipelinePath);
  const label = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`pipeline ${pipelinePath}: cannot read the file`, { file: pipelinePath });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`pipeline ${label}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { file: label });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(`pipeline ${label}: not a JSON object`, { file: label });
  }
  const parsed = pipelineShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    throw new InputError(`pipeline ${label}: ${issue ? describe(issue) : 'invalid'}`, { file: label });
  }
  const raw = parsed.data;
  const params = resolveParams({ ...(raw.params ?? {}), ...topLevel(raw, label) }, label);

  const folder = path.dirname(file);
  const sources = raw.sources.map((source, i): PipelineSource => {
    if (!(SOURCE_KINDS as readonly string[]).includes(source.kind)) {
      throw new InputError(`pipeline ${label}: sources[${i}].kind "${source.kind}" is not one of ${SOURCE_KINDS.join(', ')}`, { file: label });
    }
    const absolute = path.resolve(folder, source.path);
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
      throw new InputError(`pipeline ${label}: sources[${i}] file ${source.path} not found`, { file: source.path });
    }
    return {
      kind: source.kind as SourceKind,
      path: absolute,
      displayName: source.path,
      ...(source.encoding ? { encoding: source.encoding } : {}),
      ...(source.sheet ? { sheet: source.sheet } : {}),
    };
  });
  return { name: raw.name ?? path.basename(file, path.extname(file)), file, sources, params };
}

/** asOf and region may stand at the top level or inside params, not both. */
function topLevel(raw: { asOf?: unknown; region?: unknown; params?: Record<string, unknown> | undefined }, label: string): Record<string, unknown> {
  const lifted: Record<string, unknown> = {};
  for (const key of ['asOf', 'region'] as const) {
    if (raw[key] === undefined) continue;
    if (raw.params && key in raw.params) throw new InputError(`pipeline ${label}: "${key}" given both at the top level and in params`, { file: label });
    lifted[key] = raw[key];
  }
  return lifted;
}
