import { describe, expect, it } from 'vitest';
import { JOBS } from '../../src/queue/definitions.js';
import { checkHandlers } from '../../src/queue/workers.js';

const handler = async () => undefined;

describe('checkHandlers (start-up refuses an incomplete handler map)', () => {
  it('accepts exactly one handler per job name', () => {
    const all = Object.fromEntries(Object.values(JOBS).map((name) => [name, handler]));
    expect(() => checkHandlers(all)).not.toThrow();
  });

  it('names a missing handler', () => {
    const some = Object.fromEntries(Object.values(JOBS).filter((n) => n !== JOBS.evaluateRun).map((name) => [name, handler]));
    expect(() => checkHandlers(some)).toThrow('worker handlers: missing evaluate-run');
  });

  it('names a handler for a job that does not exist', () => {
    const extra = { ...Object.fromEntries(Object.values(JOBS).map((name) => [name, handler])), 'ingest-sources': handler };
    expect(() => checkHandlers(extra)).toThrow('worker handlers: unknown ingest-sources');
  });
});
