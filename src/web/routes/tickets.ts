/** The research tickets (研判工单): list, detail and the assessment form, through the ledger's assessTicket. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assessTicket, getTicket, listEvents, listTickets, type TicketFilter } from '../../ledger/index.js';
import { InputError } from '../../errors.js';
import { pageUser, principal } from '../auth.js';
import type { WebContext } from '../context.js';
import { queryString } from '../html.js';
import { canSeeTicket } from '../item-scope.js';
import { scopeCountyCodes } from '../scope.js';
import { page } from '../views/layout.js';
import { ticketDetailView, type AssessFormState } from '../views/ticket-detail.js';
import { ticketsListView, type TicketListQuery } from '../views/tickets-list.js';

export const TICKETS_PAGE_SIZE = 50;

function one(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 100) : '';
}

function readQuery(query: Record<string, unknown>): TicketListQuery {
  const pageNumber = Number.parseInt(one(query.page), 10);
  return {
    kind: one(query.kind),
    status: one(query.status) || 'open',
    town: one(query.town),
    overdue: one(query.overdue) === '1',
    page: Number.isFinite(pageNumber) && pageNumber > 0 ? pageNumber : 1,
  };
}

function listLink(q: TicketListQuery, pageNumber: number): string {
  return `/tickets${queryString({
    kind: q.kind, status: q.status === 'open' ? '' : q.status, town: q.town,
    overdue: q.overdue ? 1 : null, page: pageNumber > 1 ? pageNumber : null,
  })}`;
}

export function registerTicketRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/tickets', async (request, reply) => {
    const user = principal(request);
    const q = readQuery(request.query as Record<string, unknown>);
    const filter: TicketFilter = {
      countyCodes: scopeCountyCodes(user),
      kind: q.kind || undefined,
      status: q.status === 'all' ? undefined : [q.status],
      town: q.town || undefined,
      overdueOn: q.overdue ? ctx.today() : undefined,
      limit: TICKETS_PAGE_SIZE,
      offset: (q.page - 1) * TICKETS_PAGE_SIZE,
    };
    const result = await listTickets(ctx.db, filter);
    const rows = result.rows.map((row) => ({ row, token: ctx.tokens.encode(row.key) }));
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: '研判工单',
        active: 'tickets',
        user: pageUser(request),
        csrfToken: request.session?.csrfToken,
        body: ticketsListView({ query: q, rows, total: result.total, pageSize: TICKETS_PAGE_SIZE, today: ctx.today(), linkFor: (n) => listLink(q, n) }),
      }),
    );
  });

  const renderDetail = async (request: FastifyRequest, reply: FastifyReply, token: string, form: AssessFormState, code = 200) => {
    const user = principal(request);
    const key = ctx.tokens.decode(token);
    const ticket = key ? await getTicket(ctx.db, key) : undefined;
    if (!ticket || !canSeeTicket(user, ticket)) return reply.callNotFound();
    const events = await listEvents(ctx.db, 'ticket', ticket.key);
    return reply.code(code).type('text/html; charset=utf-8').send(
      page({
        title: '工单详情',
        active: 'tickets',
        user: pageUser(request),
        csrfToken: request.session?.csrfToken,
        body: ticketDetailView({ ticket, events, token, csrfToken: request.session?.csrfToken ?? '', form, today: ctx.today(), byName: user.name }),
      }),
    );
  };

  app.get<{ Params: { token: string } }>('/tickets/:token', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return renderDetail(request, reply, request.params.token, {
      ok: one(query.ok) ? '研判结论已保存，工单已关闭。' : undefined,
      error: one(query.err) === 'stale' ? '该工单在您打开页面后已被更新，请核对后重新提交。' : undefined,
    });
  });

  app.post<{ Params: { token: string } }>('/tickets/:token/assess', async (request, reply) => {
    const user = principal(request);
    const token = request.params.token;
    const key = ctx.tokens.decode(token);
    const ticket = key ? await getTicket(ctx.db, key) : undefined;
    if (!ticket || !canSeeTicket(user, ticket)) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: AssessFormState = {
      result: one(body.result),
      note: typeof body.note === 'string' ? body.note.trim().slice(0, 1000) : '',
      assessedAt: one(body.assessed_at) || ctx.today(),
    };
    if (!form.result) return renderDetail(request, reply, token, { ...form, error: '请选择研判结论。' }, 400);
    if (form.assessedAt && form.assessedAt > ctx.today()) {
      return renderDetail(request, reply, token, { ...form, error: '研判日期不能晚于今天。' }, 400);
    }
    const expectedReopened = Number.parseInt(one(body.expect_reopened), 10);
    try {
      const { outcome } = await assessTicket(ctx.db, ticket.key, {
        result: form.result,
        by: user.name,
        note: form.note || null,
        assessedAt: form.assessedAt ?? ctx.today(),
        origin: 'web',
        expect: one(body.expect_status) && Number.isFinite(expectedReopened)
          ? { status: one(body.expect_status), reopenedCount: expectedReopened }
          : undefined,
      });
      return reply.redirect(`/tickets/${token}${outcome === 'stale' ? '?err=stale' : '?ok=1'}`, 303);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const beforeTrigger = (form.assessedAt ?? '') < ticket.trigger_date;
      const message = beforeTrigger ? `研判日期不能早于触发日期 ${ticket.trigger_date}。` : `未能保存：${err.message}`;
      return renderDetail(request, reply, token, { ...form, error: message }, 400);
    }
  });
}
