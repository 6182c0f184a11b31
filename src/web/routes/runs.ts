/** Run history: the nightly runs that cover the user's region. */
import type { FastifyInstance } from 'fastify';
import type { RunRow } from '../../db/tables/ledger.js';
import { listRuns } from '../../ledger/index.js';
import { pageUser, principal } from '../auth.js';
import type { WebContext } from '../context.js';
import type { WebPrincipal } from '../scope.js';
import { page } from '../views/layout.js';
import { runsView } from '../views/runs.js';

/** A run concerns a user when one region contains the other (a province run covers a county user, a county run a city user). */
export function runsVisibleTo(user: WebPrincipal, runs: RunRow[]): RunRow[] {
  if (user.role === 'province') return runs;
  return runs.filter((run) => user.region.startsWith(run.region) || run.region.startsWith(user.region));
}

export function registerRunRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/runs', async (request, reply) => {
    const user = principal(request);
    const runs = runsVisibleTo(user, await listRuns(ctx.db, 200)).slice(0, 50);
    return reply.type('text/html; charset=utf-8').send(
      page({ title: '运行记录', active: 'runs', user: pageUser(request), csrfToken: request.session?.csrfToken, body: runsView(runs) }),
    );
  });
}
