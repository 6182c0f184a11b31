/**
 * Fastify's request log lines, without URLs: one line per request with the
 * route pattern (`/findings/:token`), status, time and user id. Fastify's own
 * lines (incoming request, route not found, …) would print the URL with its
 * token and query string, so they stay off.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import './request-context.js';

function routeOf(request: FastifyRequest): string {
  if (request.routeOptions.url) return request.routeOptions.url;
  // no route matched (404): the first path segment only
  const path = request.url.split('?')[0] ?? '';
  return `${path.split('/').slice(0, 2).join('/')}/…`;
}

export class WebLogController extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      userId: request.session?.user.id,
    };
    if (error) reply.log.error({ ...line, err: { type: error.name, message: error.message } }, 'request errored');
    else reply.log.info(line, 'request');
  }
}
