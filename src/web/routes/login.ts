/** GET/POST /login and POST /logout. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { rejectCsrf, sameToken } from '../auth.js';
import type { WebContext } from '../context.js';
import { html } from '../html.js';
import { createSession, deleteSession, SESSION_COOKIE } from '../sessions.js';
import { checkLogin } from '../users.js';
import { notice, page } from '../views/layout.js';

const LOGIN_CSRF_COOKIE = 'recon_login_csrf';

interface LoginBody {
  name?: string;
  password?: string;
  _csrf?: string;
}

function loginPage(csrf: string, error?: string): string {
  return page({
    title: '登录',
    body: html`<form class="login" method="post" action="/login">
      <h1>登录</h1>${notice('err', error)}
      <input type="hidden" name="_csrf" value="${csrf}">
      <label>用户名<input type="text" name="name" autocomplete="username" required autofocus></label>
      <label>密码<input type="password" name="password" autocomplete="current-password" required></label>
      <button class="primary" type="submit">登录</button>
    </form>`,
  });
}

export function registerLoginRoutes(app: FastifyInstance, ctx: WebContext): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secureCookies };

  const freshLoginForm = (reply: import('fastify').FastifyReply, error?: string, code = 200) => {
    const csrf = randomBytes(18).toString('base64url');
    return reply
      .code(code)
      .setCookie(LOGIN_CSRF_COOKIE, csrf, cookieOptions)
      .type('text/html; charset=utf-8')
      .send(loginPage(csrf, error));
  };

  app.get('/login', async (_request, reply) => freshLoginForm(reply));

  app.post<{ Body: LoginBody }>('/login', async (request, reply) => {
    const body = request.body ?? {};
    if (!sameToken(body._csrf, request.cookies[LOGIN_CSRF_COOKIE])) return rejectCsrf(reply);
    const name = String(body.name ?? '').trim();
    const password = String(body.password ?? '');
    if (!ctx.loginLimiter.allowed(name, request.ip)) {
      request.log.warn({ ip: request.ip }, 'login rate limited');
      return freshLoginForm(reply, '登录失败次数过多，请15分钟后再试', 429);
    }
    const user = name && password ? await checkLogin(ctx.db, name, password) : null;
    if (!user) {
      ctx.loginLimiter.recordFailure(name, request.ip);
      request.log.info({ ip: request.ip }, 'login failed');
      return freshLoginForm(reply, '用户名或密码错误', 401);
    }
    ctx.loginLimiter.recordSuccess(name, request.ip);
    const token = await createSession(ctx.db, user.id);
    request.log.info({ userId: user.id }, 'login');
    return reply
      .clearCookie(LOGIN_CSRF_COOKIE, { path: '/' })
      .setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: 12 * 3600 })
      .redirect('/', 303);
  });

  app.post('/logout', async (request, reply) => {
    if (request.session) await deleteSession(ctx.db, request.session.tokenHash);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/login', 303);
  });
}
