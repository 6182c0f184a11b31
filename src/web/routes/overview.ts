/** The overview: open findings per rule (with severity) and per town or county, overdue tickets, last runs. */
import type { FastifyInstance } from 'fastify';
import { countsByRuleAndTown, listRuns, listTickets } from '../../ledger/index.js';
import { countiesWithWork, countyName } from '../../export/workbook/items.js';
import { pageUser, principal } from '../auth.js';
import type { WebContext } from '../context.js';
import { canSeeCounties, scopeCountyCodes } from '../scope.js';
import { page } from '../views/layout.js';
import { overviewView, type AreaCount } from '../views/overview.js';
import { runsVisibleTo } from './runs.js';

export function registerOverviewRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', async (request, reply) => {
    const user = principal(request);
    // county users see their towns; city and province users one line per county
    const counties = user.role === 'county'
      ? [user.region]
      : (await countiesWithWork(ctx.db, user.role === 'province' ? '' : user.region))
          .filter((c) => (c === null ? user.role === 'province' : canSeeCounties(user, [c])))
          .map((c) => c ?? '');
    const byRule = new Map<string, number>();
    const areas: AreaCount[] = [];
    for (const county of counties) {
      const counts = await countsByRuleAndTown(ctx.db, county);
      let countyOpen = 0;
      for (const c of counts) {
        byRule.set(c.rule, (byRule.get(c.rule) ?? 0) + c.open);
        countyOpen += c.open;
        if (user.role === 'county' && c.open > 0) {
          const area = areas.find((a) => a.code === (c.townCode ?? ''));
          if (area) area.open += c.open;
          else areas.push({ code: c.townCode ?? '', name: c.town ?? '未能定位到乡镇', open: c.open });
        }
      }
      if (user.role !== 'county' && countyOpen > 0) {
        areas.push({ code: county, name: county ? ((await countyName(ctx.db, county)) ?? county) : '无法定位到县', open: countyOpen });
      }
    }
    const today = ctx.today();
    const overdue = await listTickets(ctx.db, { countyCodes: scopeCountyCodes(user), overdueOn: today, limit: 10 });
    const openTickets = await listTickets(ctx.db, { countyCodes: scopeCountyCodes(user), status: ['open'], limit: 1 });
    const runs = runsVisibleTo(user, await listRuns(ctx.db, 50)).slice(0, 5);
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: '概览',
        active: 'overview',
        user: pageUser(request),
        csrfToken: request.session?.csrfToken,
        body: overviewView({
          byRule: [...byRule].map(([rule, open]) => ({ rule, open })).filter((r) => r.open > 0),
          areas,
          areaLabel: user.role === 'county' ? '乡镇' : '县（市、区）',
          overdue: overdue.rows.map((row) => ({ row, token: ctx.tokens.encode(row.key) })),
          overdueTotal: overdue.total,
          openTickets: openTickets.total,
          runs,
          today,
        }),
      }),
    );
  });
}
