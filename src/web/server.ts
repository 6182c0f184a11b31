/**
 * The county staff's web page: fastify 5, server-rendered Chinese HTML.
 * Every route below the login page needs a session; every item is checked
 * against the user's scope on the server (another county's item → 404), and
 * items are addressed by opaque tokens, never by their keys.
 *
 * @example
 *   const app = await buildWebServer(db);
 *   await app.listen({ port: 3000, host: '0.0.0.0' });
 */
import { today } from '../ledger/dates.js';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { Db } from '../db/create-db.js';
import { log, type Logger } from '../log.js';
import { pageUser, registerAuth } from './auth.js';
import { DASHBOARD_PATH, type WebContext } from './context.js';
import { html } from './html.js';
import { ItemTokens, loadServerSecret } from './item-token.js';
import { LoginRateLimiter } from './rate-limit.js';
import { WebLogController } from './log-controller.js';
import { registerLoginRoutes } from './routes/login.js';
import { registerRoutes } from './routes/index.js';
import { page } from './views/layout.js';

export interface WebServerOptions {
  /** secret for item tokens (default: RECON_WEB_SECRET or one kept in the database) */
  secret?: Buffer;
  logger?: Logger;
  loginLimiter?: LoginRateLimiter;
  today?: () => string;
  secureCookies?: boolean;
  /**
   * behind a reverse proxy: take the client address from X-Forwarded-For
   * (only then: a client could otherwise pick its own address and dodge the login limit)
   */
  trustProxy?: boolean;
  /** largest upload accepted, bytes */
  maxUploadBytes?: number;
}

export async function buildWebServer(db: Db, options: WebServerOptions = {}): Promise<FastifyInstance> {
  const logger = (options.logger ?? log).child({ area: 'web' });
  const app = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger, logController: new WebLogController(), trustProxy: options.trustProxy ?? false,
    // item tokens carry the encrypted key: longer than fastify's default 100-character parameter
    routerOptions: { maxParamLength: 1000 },
    // a malformed URL or header: a plain page, not fastify's JSON (which quotes the URL)
    frameworkErrors: (error, _request, reply) => {
      void (reply as unknown as FastifyReply).code(error.statusCode ?? 400).type('text/html; charset=utf-8')
        .send(page({ title: '请求有误', body: html`<h1>请求有误</h1><p><a href="/">返回概览</a></p>` }));
    },
  });
  const ctx: WebContext = {
    db,
    tokens: new ItemTokens(options.secret ?? (await loadServerSecret(db))),
    loginLimiter: options.loginLimiter ?? new LoginRateLimiter(),
    today: options.today ?? (() => today()),
    secureCookies: options.secureCookies ?? false,
  };

  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: options.maxUploadBytes ?? 50 * 1024 * 1024, files: 1 } });

  app.addHook('onSend', async (request, reply) => {
    // pages carry names and ID numbers: not cached, not framed, no Referer with item tokens to other sites
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    if (!request.url.startsWith(DASHBOARD_PATH)) {
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'");
    }
  });

  app.setNotFoundHandler(async (request, reply) => {
    const body = html`<h1>未找到</h1><p>该页面或记录不存在，或不在您的权限范围内。</p><p><a href="/">返回概览</a></p>`;
    const user = request.session ? pageUser(request) : undefined;
    return reply.code(404).type('text/html; charset=utf-8').send(page({ title: '未找到', user, csrfToken: request.session?.csrfToken, body }));
  });

  app.setErrorHandler(async (error, request, reply) => {
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, code: (error as { code?: string }).code }, 'request rejected');
    const body = html`<h1>出错了</h1><p>${status >= 500 ? '服务器处理出错，请稍后重试或联系管理员。' : '请求有误，请返回后重试。'}</p><p><a href="/">返回概览</a></p>`;
    return reply.code(status).type('text/html; charset=utf-8').send(page({ title: '出错了', body }));
  });

  registerAuth(app, ctx);
  registerLoginRoutes(app, ctx);
  registerRoutes(app, ctx);
  return app;
}
