/**
 * `recon serve`: open the database, build the page, mount Bull Board when
 * REDIS_URL is set, listen, and shut down in order (server → queues → database)
 * on SIGINT/SIGTERM. Resolves when shut down.
 */
import { openDb } from '../db/migrate.js';
import { loadConfig } from '../config/env.js';
import type { Logger } from '../log.js';
import { openQueues, type QueueSet } from '../queue/queues.js';
import { mountProvinceDashboard } from './dashboard.js';
import { buildWebServer } from './server.js';

export interface ServeOptions {
  dbUrl: string;
  port: number;
  host: string;
  logger: Logger;
}

export async function serveWeb(options: ServeOptions): Promise<void> {
  const config = loadConfig(process.env);
  const db = await openDb(options.dbUrl);
  const app = await buildWebServer(db, { logger: options.logger, secureCookies: process.env.RECON_SECURE_COOKIES === '1',
    trustProxy: process.env.RECON_TRUST_PROXY === '1',
  });
  let queueSet: QueueSet | null = null;
  if (config.redisUrl) {
    queueSet = await openQueues(config.redisUrl, config.queuePrefix);
    await mountProvinceDashboard(app, queueSet);
  }
  await app.listen({ port: options.port, host: options.host });
  options.logger.info({ port: options.port, dashboard: Boolean(queueSet) }, 'web page listening');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const deadline = setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
  await app.close();
  await queueSet?.close();
  await db.close();
  clearTimeout(deadline);
}
