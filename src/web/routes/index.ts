/** Every page route of the web page (the login routes are registered by the server before these). */
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { registerFindingRoutes } from './findings.js';
import { registerOverviewRoutes } from './overview.js';
import { registerRunRoutes } from './runs.js';
import { registerTicketRoutes } from './tickets.js';
import { registerWorkbookRoutes } from './workbooks.js';

export function registerRoutes(app: FastifyInstance, ctx: WebContext): void {
  registerOverviewRoutes(app, ctx);
  registerFindingRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  registerWorkbookRoutes(app, ctx);
  registerRunRoutes(app, ctx);
}
