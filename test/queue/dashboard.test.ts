import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_QUEUES, JOBS, QUEUES } from '../../src/queue/definitions.js';
import { mountDashboard } from '../../src/queue/dashboard.js';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './redis-helpers.js';

describe.skipIf(!REDIS_URL)('Bull Board dashboard (real Redis)', () => {
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

  it('serves the board under its base path and lists every queue with its jobs', async () => {
    await queueSet.queues[QUEUES.runs].add(JOBS.startRun, { pipelinePath: '/p.json', outDir: '/out' });
    const app = Fastify();
    await mountDashboard(app, Object.values(queueSet.queues), '/admin/queues');
    const page = await app.inject({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/admin/queues');

    const api = await app.inject({ method: 'GET', url: '/admin/queues/api/queues?activeQueue=runs&status=waiting' });
    expect(api.statusCode).toBe(200);
    const body = api.json() as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
    expect(body.queues.find((q) => q.name === QUEUES.runs)?.counts.waiting).toBe(1);
    await app.close();
  });
});
