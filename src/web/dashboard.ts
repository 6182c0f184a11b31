/**
 * Bull Board at /admin/queues, for province users only (others get 404).
 * Its JSON API is not a form: SameSite=Lax keeps other sites' requests from
 * carrying the session cookie, so it is exempt from the form CSRF check.
 */
import type { FastifyInstance } from 'fastify';
import { mountQueueSetDashboard } from '../queue/dashboard.js';
import type { QueueSet } from '../queue/queues.js';
import './request-context.js';

import { QUEUE_DASHBOARD_FLAG } from './auth.js';
import { DASHBOARD_PATH } from './context.js';

export { DASHBOARD_PATH };

export async function mountProvinceDashboard(app: FastifyInstance, queueSet: QueueSet): Promise<void> {
  app.decorate(QUEUE_DASHBOARD_FLAG, true);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (request.session?.user.role !== 'province') return reply.callNotFound();
    });
    await mountQueueSetDashboard(scope, queueSet, DASHBOARD_PATH);
  });
}
