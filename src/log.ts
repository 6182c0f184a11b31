/**
 * pino, object-first, JSON to stderr. ID numbers and names are redacted by
 * key and, as a last guard, by pattern in every string logged.
 */
import { pino } from 'pino';

const ID_PATTERN = /(?<!\d)(\d{6})(\d{8,11})([\dXx]{1,4})(?!\d)/g;
/** Masks anything that looks like an ID number inside free text. */
export function scrubText(text: string): string {
  return text.replace(ID_PATTERN, (_m, a: string, mid: string, z: string) => a + '*'.repeat(mid.length) + z);
}

const REDACT_KEYS = ['name', 'idNumber', 'id_number', 'headName', 'headIdNumber', 'subject', 'password', 'raw'];

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  redact: { paths: [...REDACT_KEYS, ...REDACT_KEYS.map((k) => `*.${k}`)], censor: '[redacted]' },
  hooks: {
    logMethod(args, method) {
      const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
      method.apply(this, scrubbed);
    },
  },
}, pino.destination(2));

export type Logger = typeof log;
