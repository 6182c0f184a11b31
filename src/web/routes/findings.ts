/**
 * The findings list (filters in the query string; the name/ID search is
 * POSTed and kept in the session, never in a URL), a finding's detail with
 * evidence and history, and its status change through the ledger.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getFinding, listEvents, listFindings, setFindingStatus, type FindingFilter } from '../../ledger/index.js';
import { InputError } from '../../errors.js';
import { pageUser, principal } from '../auth.js';
import type { WebContext } from '../context.js';
import { queryString } from '../html.js';
import { canSeeFinding } from '../item-scope.js';
import { scopeCountyCodes } from '../scope.js';
import { setSessionSearch } from '../sessions.js';
import { findingDetailView, type StatusFormState } from '../views/finding-detail.js';
import { findingsListView, type FindingListQuery } from '../views/findings-list.js';
import { page } from '../views/layout.js';

export const FINDINGS_PAGE_SIZE = 50;
/** status filter values beyond the statuses themselves */
const STATUS_GROUPS: Record<string, string[] | undefined> = { active: ['open', 'in_progress'], all: undefined };

function one(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 100) : '';
}

export function readListQuery(query: Record<string, unknown>): FindingListQuery {
  const pageNumber = Number.parseInt(one(query.page), 10);
  return {
    rule: one(query.rule),
    severity: one(query.severity),
    status: one(query.status) || 'active',
    town: one(query.town),
    village: one(query.village),
    page: Number.isFinite(pageNumber) && pageNumber > 0 ? pageNumber : 1,
  };
}

export function listQueryString(q: FindingListQuery, pageNumber = q.page): string {
  return queryString({
    rule: q.rule, severity: q.severity, status: q.status === 'active' ? '' : q.status,
    town: q.town, village: q.village, page: pageNumber > 1 ? pageNumber : null,
  });
}

const OK_MESSAGES: Record<string, string> = { updated: '状态已更新。', unchanged: '状态未变化。' };

export function registerFindingRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/findings', async (request, reply) => {
    const user = principal(request);
    const q = readListQuery(request.query as Record<string, unknown>);
    const search = request.session?.search ?? '';
    const filter: FindingFilter = {
      countyCodes: scopeCountyCodes(user),
      rule: q.rule || undefined,
      severity: q.severity || undefined,
      status: q.status in STATUS_GROUPS ? STATUS_GROUPS[q.status] : [q.status],
      town: q.town || undefined,
      village: q.village || undefined,
      search: search || undefined,
      limit: FINDINGS_PAGE_SIZE,
      offset: (q.page - 1) * FINDINGS_PAGE_SIZE,
    };
    const result = await listFindings(ctx.db, filter);
    const rows = result.rows.map((row) => ({ row, token: ctx.tokens.encode(row.key) }));
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: '问题清单',
        active: 'findings',
        user: pageUser(request),
        csrfToken: request.session?.csrfToken,
        body: findingsListView({ query: q, search, rows, total: result.total, pageSize: FINDINGS_PAGE_SIZE,
          csrfToken: request.session?.csrfToken ?? '', linkFor: (n) => `/findings${listQueryString(q, n)}` }),
      }),
    );
  });

  // the filter form posts here so the search term stays out of the URL
  app.post('/findings/search', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const search = one(body.clear) ? '' : one(body.search);
    if (request.session) await setSessionSearch(ctx.db, request.session.tokenHash, search || null);
    const q = readListQuery({ ...body, page: '1' });
    return reply.redirect(`/findings${listQueryString(q)}`, 303);
  });

  const renderDetail = async (request: FastifyRequest, reply: FastifyReply, token: string, form: StatusFormState, code = 200) => {
    const user = principal(request);
    const key = ctx.tokens.decode(token);
    const finding = key ? await getFinding(ctx.db, key) : undefined;
    if (!finding || !canSeeFinding(user, finding)) return reply.callNotFound();
    const events = await listEvents(ctx.db, 'finding', finding.key);
    return reply.code(code).type('text/html; charset=utf-8').send(
      page({
        title: '问题详情',
        active: 'findings',
        user: pageUser(request),
        csrfToken: request.session?.csrfToken,
        body: findingDetailView({ finding, events, token, csrfToken: request.session?.csrfToken ?? '', form, today: ctx.today() }),
      }),
    );
  };

  app.get<{ Params: { token: string } }>('/findings/:token', async (request, reply) => {
    const ok = OK_MESSAGES[one((request.query as Record<string, unknown>).ok)];
    const stale = one((request.query as Record<string, unknown>).err) === 'stale';
    return renderDetail(request, reply, request.params.token, {
      ok,
      error: stale ? '该问题在您打开页面后已被他人或夜间比对更新，请核对后重新提交。' : undefined,
    });
  });

  app.post<{ Params: { token: string } }>('/findings/:token/status', async (request, reply) => {
    const user = principal(request);
    const token = request.params.token;
    const key = ctx.tokens.decode(token);
    const finding = key ? await getFinding(ctx.db, key) : undefined;
    if (!finding || !canSeeFinding(user, finding)) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const status = one(body.status);
    const reason = one(body.reason);
    const noteText = typeof body.note === 'string' ? body.note.trim().slice(0, 1000) : '';
    // a dismissal's reason is the chosen reason plus any words typed (the workbook's answers read the same)
    const note = [status === 'dismissed' ? reason : '', noteText].filter(Boolean).join('：');
    const form: StatusFormState = { status, reason, note: noteText };
    if (status === 'dismissed' && (!note || (reason === '其他' && !noteText))) {
      return renderDetail(request, reply, token, { ...form, error: '排除（无需整改）必须填写理由。' }, 400);
    }
    const expectedReopened = Number.parseInt(one(body.expect_reopened), 10);
    try {
      const { outcome } = await setFindingStatus(ctx.db, finding.key, status, {
        by: user.name,
        note: note || null,
        at: ctx.today(),
        expect: one(body.expect_status) && Number.isFinite(expectedReopened)
          ? { status: one(body.expect_status), reopenedCount: expectedReopened }
          : undefined,
      });
      const target = `/findings/${token}`;
      return reply.redirect(outcome === 'stale' ? `${target}?err=stale` : `${target}?ok=${outcome}`, 303);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return renderDetail(request, reply, token, { ...form, error: `未能保存：${err.message}` }, 400);
    }
  });
}

