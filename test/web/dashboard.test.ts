/** Bull Board behind the web page's login: province users only (real Redis, own key prefix). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { mountProvinceDashboard } from '../../src/web/dashboard.js';
import { buildWebServer } from '../../src/web/server.js';
import { freshDb, REDIS_URL, type TestDb } from '../helpers/db.js';
import { WebClient } from './client.js';
import { PASSWORD, seedUsers, USERS } from './seed.js';

describe.skipIf(!REDIS_URL)('queue dashboard at /admin/queues', () => {
  let testDb: TestDb;
  let app: FastifyInstance;
  let queueSet: QueueSet;

  beforeAll(async () => {
    testDb = await freshDb('sqlite');
    await seedUsers(testDb.db);
    queueSet = await openQueues(REDIS_URL!, `test-web-${randomUUID().slice(0, 8)}`);
    app = await buildWebServer(testDb.db, { secret: Buffer.from('s'), logger: pino({ level: 'silent' }) });
    await mountProvinceDashboard(app, queueSet);
  });
  afterAll(async () => {
    await app?.close();
    if (queueSet) {
      const keys = await queueSet.redis.keys(`${queueSet.prefix}:*`);
      if (keys.length) await queueSet.redis.del(...keys);
      await queueSet.close();
    }
    await testDb?.cleanup();
  });

  it('serves the board and its API to a province user', async () => {
    const province = (await WebClient.login(app, USERS.province.name, PASSWORD)).client!;
    expect((await province.get('/')).body).toContain('href="/admin/queues"');
    const board = await province.get('/admin/queues');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('recon');
    const api = await province.get('/admin/queues/api/queues');
    expect(api.statusCode).toBe(200);
    expect(api.body).toContain('"ingest"');
  });

  it('hides it from county users (404) and sends visitors to the login page', async () => {
    const county = (await WebClient.login(app, USERS.lixia.name, PASSWORD)).client!;
    expect((await county.get('/')).body).not.toContain('href="/admin/queues"');
    expect((await county.get('/admin/queues')).statusCode).toBe(404);
    expect((await county.get('/admin/queues/api/queues')).statusCode).toBe(404);
    const visitor = await app.inject({ method: 'GET', url: '/admin/queues' });
    expect(visitor.statusCode).toBe(303);
  });
});
