/**
 * The web page's routes through fastify's inject, on every dialect: login,
 * sessions, CSRF, scope (another county's item → 404), search kept out of
 * URLs, status changes and assessments through the ledger, and logs free of
 * ID numbers and names.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { getFinding, getTicket, listEvents } from '../../src/ledger/index.js';
import { buildWebServer } from '../../src/web/server.js';
import { LoginRateLimiter } from '../../src/web/rate-limit.js';
import { DIALECTS, freshDb, type TestDb } from '../helpers/db.js';
import { itemLinks, linksOf, WebClient } from './client.js';
import { IDS, NAMES, PASSWORD, seedLedger, seedUsers, USERS } from './seed.js';

const ID_IN_TEXT = /\d{17}[\dX]/;

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`web routes (${dialect})`, () => {
    let testDb: TestDb;
    let app: FastifyInstance;
    let logLines: string[];

    beforeEach(async () => {
      app = undefined as unknown as FastifyInstance;
      testDb = await freshDb(dialect);
      await seedLedger(testDb.db);
      await seedUsers(testDb.db);
      logLines = [];
      const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
      app = await buildWebServer(testDb.db, {
        secret: Buffer.from('test secret'),
        logger: pino({ level: 'info' }, sink),
        loginLimiter: new LoginRateLimiter(3, 60_000),
        today: () => '2023-07-01',
      });
    });
    afterEach(async () => {
      await app?.close();
      await testDb?.cleanup();
    });

    const login = async (user: keyof typeof USERS) => {
      const { client } = await WebClient.login(app, USERS[user].name, PASSWORD);
      if (!client) throw new Error(`could not log in as ${user}`);
      return client;
    };

    it('sends a visitor without a session to the login page, and refuses POSTs', async () => {
      const page = await app.inject({ method: 'GET', url: '/findings' });
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/login');
      const post = await app.inject({ method: 'POST', url: '/findings/search', payload: 'search=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(post.statusCode).toBe(401);
    });

    it('logs in with the right password only, sets an httpOnly SameSite=Lax cookie, and rate-limits failures per name and IP', async () => {
      const wrong = await WebClient.login(app, 'lixia', 'wrong password');
      expect(wrong.client).toBeNull();
      expect(wrong.response.statusCode).toBe(401);
      const ok = await WebClient.login(app, 'lixia', PASSWORD);
      const cookie = ok.response.cookies.find((c) => c.name === 'recon_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
      for (let i = 0; i < 3; i++) await WebClient.login(app, 'jinan', 'nope', '10.0.0.9');
      const locked = await WebClient.login(app, 'jinan', PASSWORD, '10.0.0.9');
      expect(locked.response.statusCode).toBe(429);
      expect(locked.client).toBeNull();
      // another IP is not locked out
      expect((await WebClient.login(app, 'jinan', PASSWORD, '10.0.0.10')).client).not.toBeNull();
    });

    it('refuses a login POST without the login form token', async () => {
      const response = await app.inject({
        method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `name=lixia&password=${encodeURIComponent(PASSWORD)}&_csrf=forged`,
      });
      expect(response.statusCode).toBe(403);
      expect(response.cookies.find((c) => c.name === 'recon_session')).toBeUndefined();
    });

    it('lists only the findings in the user scope', async () => {
      const count = async (user: keyof typeof USERS) => {
        const page = await (await login(user)).get('/findings?status=all');
        expect(page.statusCode).toBe(200);
        return itemLinks(page.body, 'findings').length;
      };
      expect(await count('lixia')).toBe(4); // its three + the ID_DUPLICATE placed there
      expect(await count('shibei')).toBe(2); // its own + the ID_DUPLICATE that concerns it
      expect(await count('jinan')).toBe(6); // 历下 + 市中, not 市北
      expect(await count('province')).toBe(7);
    });

    it('filters by rule, severity, town and status', async () => {
      const client = await login('lixia');
      const byRule = await client.get('/findings?rule=NAME_MISMATCH');
      expect(itemLinks(byRule.body, 'findings')).toHaveLength(1);
      expect(byRule.body).toContain('姓名与部门数据不一致');
      expect(itemLinks((await client.get('/findings?severity=high')).body, 'findings')).toHaveLength(1);
      expect(itemLinks((await client.get('/findings?town=370102002')).body, 'findings')).toHaveLength(2);
      expect(itemLinks((await client.get(`/findings?town=${encodeURIComponent('千佛山街道')}`)).body, 'findings')).toHaveLength(2);
      expect(itemLinks((await client.get('/findings?status=resolved')).body, 'findings')).toHaveLength(0);
    });

    it('keeps the name/ID search out of every URL and applies it from the session', async () => {
      const client = await login('lixia');
      await client.get('/findings');
      const posted = await client.post('/findings/search', { search: IDS.li, rule: '', status: 'active' });
      expect(posted.statusCode).toBe(303);
      expect(posted.headers.location).not.toMatch(ID_IN_TEXT);
      const list = await client.get(String(posted.headers.location));
      expect(itemLinks(list.body, 'findings')).toHaveLength(2);
      expect(list.body).toContain('李四');
      expect(list.body).not.toContain('张三');
      const byName = await client.post('/findings/search', { search: '张三' });
      expect(byName.headers.location).not.toContain(encodeURIComponent('张三'));
      expect(itemLinks((await client.get('/findings')).body, 'findings')).toHaveLength(1);
      await client.post('/findings/search', { search: 'ignored', clear: '1' });
      expect(itemLinks((await client.get('/findings')).body, 'findings')).toHaveLength(4);
      for (const link of [...linksOf(list.body), String(posted.headers.location)]) expect(link).not.toMatch(ID_IN_TEXT);
    });

    it('shows a finding with its evidence and history, and hides other counties\' findings (404)', async () => {
      const lixia = await login('lixia');
      const list = await lixia.get('/findings?rule=NAME_MISMATCH');
      const [link] = itemLinks(list.body, 'findings');
      const detail = await lixia.get(link!);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('李泗'); // the department value
      expect(detail.body).toContain('system.xlsx 第 7 行');
      expect(detail.body).toContain('发现'); // the opening event
      const shibei = await login('shibei');
      expect((await shibei.get(link!)).statusCode).toBe(404);
      expect((await shibei.get('/findings/not-a-token-at-all-xxxxxxxxxxxx')).statusCode).toBe(404);
      const tooLong = await shibei.get(`/findings/${'x'.repeat(2000)}`);
      expect(tooLong.statusCode).toBe(414);
      expect(tooLong.body).toContain('请求有误');
      // every finding opens for the province, the longest key's token included
      const province = await login('province');
      for (const each of itemLinks((await province.get('/findings?status=all')).body, 'findings')) {
        expect((await province.get(each)).statusCode).toBe(200);
      }
      // the cross-county duplicate is visible to both counties
      const dupLink = itemLinks((await lixia.get('/findings?rule=ID_DUPLICATE')).body, 'findings')[0]!;
      expect((await shibei.get(dupLink)).statusCode).toBe(200);
    });

    it('changes a status through the ledger: a dismissal needs a reason, the CSRF token is checked, a stale form changes nothing', async () => {
      const lixia = await login('lixia');
      const link = itemLinks((await lixia.get('/findings?rule=MED_UNINSURED')).body, 'findings')[0]!;
      await lixia.get(link);
      const key = `MED_UNINSURED|${IDS.zhang}|medical`;

      const noReason = await lixia.post(`${link}/status`, { status: 'dismissed', reason: '', note: '', expect_status: 'open', expect_reopened: '0' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('必须填写理由');
      expect((await getFinding(testDb.db, key))!.status).toBe('open');

      const noCsrf = await lixia.post(`${link}/status`, { status: 'dismissed', reason: '部门数据有误' }, false);
      expect(noCsrf.statusCode).toBe(403);
      expect((await getFinding(testDb.db, key))!.status).toBe('open');

      // a multipart body cannot carry the form token past the check on any route but the upload
      expect((await lixia.upload(`${link}/status`, 'x.xlsx', Buffer.from('status=dismissed'))).statusCode).toBe(403);

      const stale = await lixia.post(`${link}/status`, { status: 'in_progress', expect_status: 'in_progress', expect_reopened: '0' });
      expect(stale.headers.location).toContain('err=stale');
      expect((await getFinding(testDb.db, key))!.status).toBe('open');

      const dismissed = await lixia.post(`${link}/status`, { status: 'dismissed', reason: '部门数据有误', note: '医保已补录', expect_status: 'open', expect_reopened: '0' });
      expect(dismissed.statusCode).toBe(303);
      const after = (await getFinding(testDb.db, key))!;
      expect(after.status).toBe('dismissed');
      expect(after.note).toBe('部门数据有误：医保已补录');
      const events = await listEvents(testDb.db, 'finding', key);
      expect(events.at(-1)).toMatchObject({ by: 'lixia', at: '2023-07-01', from_status: 'open', to_status: 'dismissed' });
      const page = await lixia.get(String(dismissed.headers.location));
      expect(page.body).toContain('状态已更新');

      // another county cannot change it, even with its own valid session and token
      const shibei = await login('shibei');
      await shibei.get('/findings');
      expect((await shibei.post(`${link}/status`, { status: 'open' })).statusCode).toBe(404);
    });

    it('assesses a ticket through the ledger; another county gets 404', async () => {
      const lixia = await login('lixia');
      const list = await lixia.get('/tickets');
      const links = itemLinks(list.body, 'tickets');
      expect(links).toHaveLength(1);
      await lixia.get(links[0]!);
      const tooEarly = await lixia.post(`${links[0]}/assess`, { result: '纳入监测', assessed_at: '2023-04-01', note: '', expect_status: 'open', expect_reopened: '0' });
      expect(tooEarly.statusCode).toBe(400);
      expect(tooEarly.body).toContain('不能早于触发日期');
      const done = await lixia.post(`${links[0]}/assess`, { result: '纳入监测', assessed_at: '2023-06-20', note: '入户核实', expect_status: 'open', expect_reopened: '0' });
      expect(done.statusCode).toBe(303);
      const ticket = (await getTicket(testDb.db, `NEW_AID_UNASSESSED|${IDS.zhang}`))!;
      expect(ticket).toMatchObject({ status: 'assessed', result: '纳入监测', assessed_at: '2023-06-20', assessed_by: 'lixia' });
      const stored = await testDb.db.kysely.selectFrom('assessment').selectAll().where('ticket_key', '=', ticket.key).execute();
      expect(stored.map((a) => a.origin)).toEqual(['web']);

      const shibei = await login('shibei');
      expect((await shibei.get(links[0]!)).statusCode).toBe(404);
      expect((await shibei.post(`${links[0]}/assess`, { result: '其他' })).statusCode).toBe(404);
    });

    it('shows the overview with counts per rule and town, overdue tickets and the last run', async () => {
      const page = await (await login('lixia')).get('/');
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/id="open-total">4</);
      expect(page.body).toContain('解放路街道');
      expect(page.body).toContain('千佛山街道');
      expect(page.body).toContain('web-test');
      // opened 2023-06-10, due 15 days later: overdue on 2023-07-01
      expect(itemLinks(page.body, 'tickets')).toHaveLength(1);
      // no Bull Board mounted here: no link to it, even for the province
      expect((await (await login('province')).get('/')).body).not.toContain('/admin/queues');
      const city = await (await login('jinan')).get('/');
      expect(city.body).toContain('历下区');
      expect(city.body).toContain('市中区');
      expect(city.body).not.toContain('市北区');
    });

    it('refuses another county\'s workbook (404) and a malformed name', async () => {
      const lixia = await login('lixia');
      expect((await lixia.get('/workbooks/370203.xlsx')).statusCode).toBe(404);
      expect((await lixia.get('/workbooks/unplaced.xlsx')).statusCode).toBe(404);
      expect((await lixia.get('/workbooks/..%2Fetc.xlsx')).statusCode).toBe(404);
      const page = await lixia.get('/workbooks');
      expect(linksOf(page.body)).toContain('/workbooks/370102.xlsx');
      expect(linksOf(page.body)).not.toContain('/workbooks/370203.xlsx');
    });

    it('logs out: the session no longer works', async () => {
      const lixia = await login('lixia');
      expect((await lixia.post('/logout', {})).statusCode).toBe(303);
      expect((await lixia.get('/findings')).statusCode).toBe(303);
    });

    it('writes no ID number, name or item token to the logs', async () => {
      const lixia = await login('lixia');
      const link = itemLinks((await lixia.get('/findings')).body, 'findings')[0]!;
      await lixia.get(link);
      await lixia.post('/findings/search', { search: IDS.li });
      await lixia.get('/findings');
      await lixia.get('/tickets');
      await lixia.get('/nowhere');
      const text = logLines.join('');
      expect(text).toContain('"route":"/findings/:token"');
      expect(text).not.toMatch(ID_IN_TEXT);
      for (const name of NAMES) expect(text).not.toContain(name);
      expect(text).not.toContain(link.split('/')[2]);
    });
  });
}
