/**
 * Authentication and CSRF for every route: an onRequest hook loads the
 * session from the cookie (no session → login page, or 401 for non-GET),
 * and a preHandler checks the per-session CSRF token on every POST. The
 * login form itself carries a double-submit token (cookie + field).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DASHBOARD_PATH, type WebContext } from './context.js';
import { loadSession, SESSION_COOKIE } from './sessions.js';
import { scopeCountyCodes, type WebPrincipal } from './scope.js';
import { countyName } from './scope.js';
import { ROLE_ZH } from './labels.js';
import type { PageUser } from './views/layout.js';
import './request-context.js';

/** Set on the server when Bull Board is mounted. */
export const QUEUE_DASHBOARD_FLAG = 'queueDashboard';

/** The one route taking a multipart body. */
export const UPLOAD_PATH = '/workbooks/import';

/** Paths reachable without a session. */
const PUBLIC_PATHS = new Set(['/login', '/favicon.ico']);

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q < 0 ? request.url : request.url.slice(0, q);
}

export function registerAuth(app: FastifyInstance, ctx: WebContext): void {
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC_PATHS.has(pathOf(request))) return;
    request.session = await loadSession(ctx.db, request.cookies[SESSION_COOKIE]);
    if (request.session) return;
    if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect('/login', 303);
    return reply.code(401).type('text/plain; charset=utf-8').send('请先登录');
  });
  app.addHook('preHandler', async (request, reply) => {
    const path = pathOf(request);
    if (request.method !== 'POST' || PUBLIC_PATHS.has(path) || path.startsWith(`${DASHBOARD_PATH}/`)) return;
    // the upload's token is a multipart field before the file: its handler checks it
    if (path === UPLOAD_PATH && request.isMultipart()) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const sent = typeof body._csrf === 'string' ? body._csrf : undefined;
    if (!sameToken(sent, request.session?.csrfToken)) return rejectCsrf(reply);
  });
}

export function rejectCsrf(reply: FastifyReply): FastifyReply {
  return reply.code(403).type('text/plain; charset=utf-8').send('表单已失效，请返回刷新页面后重试');
}

/** The signed-in user (routes run after the auth hook, so it is there). */
export function principal(request: FastifyRequest): WebPrincipal {
  if (!request.session) throw new Error('route reached without a session');
  return request.session.user;
}

/** The signed-in user as the page frame shows them (the queue link only when Bull Board is mounted). */
export function pageUser(request: FastifyRequest): PageUser {
  const user = principal(request);
  const regionLabel = user.role === 'county' ? countyName(user.region) : `${ROLE_ZH[user.role]} ${user.region}`;
  return { name: user.name, role: user.role, regionLabel, queueLink: user.role === 'province' && request.server.hasDecorator(QUEUE_DASHBOARD_FLAG) };
}

export { scopeCountyCodes };
