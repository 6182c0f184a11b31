/** The queue commands' edges that need no server: help, bad environment, bad arguments. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';

async function recon(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await main(['node', 'recon', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.env = saved;
  }
}

const NO_SERVERS = { REDIS_URL: undefined, DATABASE_URL: undefined };

describe('queue commands without servers', () => {
  it.each([
    ['worker', /--queues <names>/],
    ['enqueue', /--wait/],
    ['schedule', /add \[options\] <pipeline.json>/],
    ['runs', /show \[options\] <id>/],
    ['dashboard', /--port <port>/],
  ])('%s --help', async (command, pattern) => {
    const { code, out } = await recon({}, command, '--help');
    expect(code).toBe(0);
    expect(out).toMatch(pattern);
  });

  it('worker: a missing environment is one line naming every variable, exit 2', async () => {
    const { code, err } = await recon(NO_SERVERS, 'worker');
    expect(code).toBe(2);
    expect(err).toBe('recon: bad environment: REDIS_URL: is not set; DATABASE_URL: is not set\n');
  });

  it('worker: an unknown queue is refused', async () => {
    const { code, err } = await recon({ REDIS_URL: 'redis://127.0.0.1:1', DATABASE_URL: '/nonexistent/x.sqlite' }, 'worker', '--queues', 'ingest,nightly');
    expect(code).toBe(2);
    expect(err).toBe('recon: --queues: unknown queue "nightly" (known: runs, ingest, evaluate, output)\n');
  });

  it('enqueue: a bad pipeline fails before any connection is made', async () => {
    const { code, err } = await recon({ REDIS_URL: 'redis://127.0.0.1:1', DATABASE_URL: '/nonexistent/x.sqlite' }, 'enqueue', '/nonexistent/p.json', '--wait');
    expect(code).toBe(2);
    expect(err).toBe('recon: pipeline /nonexistent/p.json: cannot read the file\n');
  });

  it('schedule add: needs REDIS_URL, and a bad time zone is refused before Redis is asked', async () => {
    const unset = await recon({ REDIS_URL: undefined }, 'schedule', 'add', 'p.json', '--cron', '0 2 * * *');
    expect(unset.code).toBe(2);
    expect(unset.err).toBe('recon: bad environment: REDIS_URL: is not set\n');
    const badZone = await recon({ REDIS_URL: 'redis://127.0.0.1:1' }, 'schedule', 'add', 'p.json', '--cron', '0 2 * * *', '--tz', 'Beijing');
    expect(badZone.code).toBe(2);
    expect(badZone.err).toBe('recon: --tz: unknown time zone "Beijing" (use an IANA name such as Asia/Shanghai)\n');
  });

  it('runs show: a run id must be a number', async () => {
    const { code, err } = await recon({ DATABASE_URL: '/tmp/x.sqlite' }, 'runs', 'show', 'latest');
    expect(code).toBe(2);
    expect(err).toBe('recon: run id "latest": not a run number\n');
  });

  it('runs list: --db stands for DATABASE_URL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recon-cli-'));
    try {
      const { code, out } = await recon(NO_SERVERS, 'runs', 'list', '--db', path.join(dir, 'empty.sqlite'));
      expect(code).toBe(0);
      expect(out).toBe('no runs\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('producer side fails fast when Redis is down', async () => {
    const started = Date.now();
    const { code, err } = await recon({ REDIS_URL: 'redis://127.0.0.1:1' }, 'schedule', 'list');
    expect(code).toBe(1);
    expect(err).toMatch(/^recon: Redis unreachable at redis:\/\/127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
