/**
 * Bull Board over recon's queues. `mountDashboard` plugs it into any fastify
 * app (the web server mounts it behind its login; `recon dashboard` serves it
 * alone).
 *
 * @example
 *   const app = Fastify();
 *   await mountDashboard(app, queues, '/admin/queues');
 *   await app.listen({ port: 3001 });
 */
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { QueueSet } from './queues.js';

export async function mountDashboard(app: FastifyInstance, queues: Queue[], basePath = '/queues'): Promise<void> {
  const path = '/' + basePath.replace(/^\/+|\/+$/g, '');
  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    // @bull-board/fastify 9.10.1 nests its own @bull-board/api 9.10.1 beside our 9.10.2: same
    // shape at run time, but private fields make the two declarations incompatible to tsc
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: { uiConfig: { boardTitle: 'recon' } },
  });
  serverAdapter.setBasePath(path);
  await app.register(serverAdapter.registerPlugin(), { prefix: path });
}

/** Bull Board over every queue of a set: callers outside src/queue never handle bullmq's types. */
export function mountQueueSetDashboard(app: FastifyInstance, queueSet: QueueSet, basePath = '/queues'): Promise<void> {
  return mountDashboard(app, Object.values(queueSet.queues), basePath);
}
