/**
 * pino, object-first, JSON to stderr. ID numbers and names are redacted by
 * key; as a last guard every string logged, at any depth (error messages and
 * stacks included), has anything shaped like an ID number masked.
 */
import { pino } from 'pino';

const ID_PATTERN = /(?<!\d)(\d{6})(\d{8,11})([\dXx]{1,4})(?!\d)/g;
/** Masks anything that looks like an ID number inside free text. */
export function scrubText(text: string): string {
  return text.replace(ID_PATTERN, (_m, a: string, mid: string, z: string) => a + '*'.repeat(mid.length) + z);
}

/** Keys whose values are personal data wherever they appear. */
const REDACT_KEYS = [
  'name', 'names', 'idNumber', 'id_number', 'idNumbers', 'headName', 'head_name', 'headIdNumber',
  'civil_head_id_number', 'civilHeadIdNumber', 'dept_id_number', 'deptIdNumber', 'subject', 'key',
  'members', 'memberIds', 'memberNames', 'password', 'raw',
];
const REDACTED = new Set(REDACT_KEYS);

/** Scrubs strings and drops personal keys at any depth (pino's redact paths are one level deep). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = REDACTED.has(k) ? '[redacted]' : scrubValue(v, depth + 1);
  return out;
}

/** An error as a log field: its type, message and stack scrubbed; driver fields that quote row values dropped. */
function errSerializer(err: unknown): unknown {
  if (!(err instanceof Error)) return scrubValue(err);
  return { type: err.name, message: scrubText(err.message), stack: err.stack ? scrubText(err.stack) : undefined };
}

export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    redact: { paths: [...REDACT_KEYS, ...REDACT_KEYS.map((k) => `*.${k}`)], censor: '[redacted]' },
    serializers: { err: errSerializer, error: errSerializer },
    formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
  },
  pino.destination(2),
);

export type Logger = typeof log;
