/**
 * The producer side: one Queue per recon queue plus a FlowProducer, over one
 * fail-fast Redis connection, all under the configured key prefix.
 */
import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ALL_QUEUES, type QueueName } from './definitions.js';
import { ready, redisConnection } from './connection.js';

export interface QueueSet {
  redis: Redis;
  prefix: string;
  queues: Record<QueueName, Queue>;
  flow: FlowProducer;
  /** closes the queues and the flow producer, then the connection */
  close(): Promise<void>;
}

export async function openQueues(redisUrl: string, prefix: string): Promise<QueueSet> {
  const redis = redisConnection(redisUrl, 'producer');
  // the producer connection fails fast; swallow its 'error' events (they become rejected commands)
  redis.on('error', () => undefined);
  await ready(redis, redisUrl);
  const queues = Object.fromEntries(
    ALL_QUEUES.map((name) => [name, new Queue(name, { connection: redis, prefix })]),
  ) as Record<QueueName, Queue>;
  const flow = new FlowProducer({ connection: redis, prefix });
  return {
    redis,
    prefix,
    queues,
    flow,
    async close() {
      await Promise.allSettled([...Object.values(queues).map((q) => q.close()), flow.close()]);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
