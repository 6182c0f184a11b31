/** What the auth hook attaches to every signed-in request. */
// the plugins' type augmentations (request.cookies, reply.setCookie, request.file …)
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import type { SessionContext } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the auth hook on every route except the login page */
    session: SessionContext | null;
  }
}

export type { SessionContext };
