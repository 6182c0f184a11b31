import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { QUEUES } from '../../src/queue/definitions.js';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { addSchedule, listSchedules, removeSchedule } from '../../src/queue/schedules.js';
import { InputError } from '../../src/errors.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './redis-helpers.js';

/** Runs the CLI in-process with the test's environment; returns exit code and stdout. */
async function recon(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    const code = await main(['node', 'recon', ...args]);
    return { code, out, err };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
    process.env = saved;
  }
}

describe.skipIf(!REDIS_URL)('schedules (real Redis)', () => {
  let prefix: string;
  let queueSet: QueueSet;
  beforeEach(async () => {
    prefix = uniquePrefix();
    queueSet = await openQueues(REDIS_URL!, prefix);
  });
  afterEach(async () => {
    await queueSet.close();
    await dropPrefix(prefix);
  });

  it('adds, lists and removes a schedule from the command line', async () => {
    const env = { REDIS_URL: REDIS_URL!, RECON_QUEUE_PREFIX: prefix };
    const added = await recon(env, 'schedule', 'add', '/srv/recon/jinan.json', '--cron', '0 2 * * *', '--tz', 'Asia/Shanghai', '--out', '/srv/out');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^schedule jinan: "0 2 \* \* \*" Asia\/Shanghai, next \d{4}-\d\d-\d\dT18:00:00\.000Z\n$/);

    const listed = await recon(env, 'schedule', 'list', '--json');
    const schedules = JSON.parse(listed.out) as { id: string; cron: string; tz: string; pipelinePath: string; outDir: string; next: number }[];
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ id: 'jinan', cron: '0 2 * * *', tz: 'Asia/Shanghai', pipelinePath: '/srv/recon/jinan.json', outDir: '/srv/out' });
    // 02:00 in Shanghai is 18:00 UTC, within the next day
    expect(schedules[0]!.next - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(new Date(schedules[0]!.next).getUTCHours()).toBe(18);

    // adding the same id again replaces it rather than adding a second
    await recon(env, 'schedule', 'add', '/srv/recon/jinan.json', '--cron', '30 3 * * *', '--id', 'jinan');
    const replaced = await listSchedules(queueSet.queues[QUEUES.runs]);
    expect(replaced.map((s) => [s.id, s.cron])).toEqual([['jinan', '30 3 * * *']]);

    const removed = await recon(env, 'schedule', 'remove', 'jinan');
    expect(removed.code).toBe(0);
    expect(await listSchedules(queueSet.queues[QUEUES.runs])).toEqual([]);

    const again = await recon(env, 'schedule', 'remove', 'jinan');
    expect(again.code).toBe(2);
    expect(again.err).toBe('recon: schedule jinan: no such schedule\n');
  });

  it('refuses a bad time zone or pattern with an input error', async () => {
    const runs = queueSet.queues[QUEUES.runs];
    const base = { id: 'x', pipelinePath: '/p.json', outDir: '/out', tz: 'Asia/Shanghai' };
    await expect(addSchedule(runs, { ...base, tz: 'Mars/Olympus' , cron: '0 2 * * *' })).rejects.toThrow(InputError);
    await expect(addSchedule(runs, { ...base, cron: '0 2 * *' })).rejects.toThrow(/5 fields/);
    await expect(addSchedule(runs, { ...base, cron: '0 99 * * *' })).rejects.toThrow(InputError);
    expect(await listSchedules(runs)).toEqual([]);
    expect(await removeSchedule(runs, 'x')).toBe(false);
  });
});
