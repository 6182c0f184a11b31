/**
 * The web page in real headless Chromium (Debian's /usr/bin/chromium, driven
 * by playwright-core): a county user logs in, filters the list, dismisses a
 * finding with a reason, assesses a ticket, downloads the county workbook and
 * opens it with exceljs, fills one answer and uploads it back. Screenshots of
 * each page go to test-output/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINDING_COL } from '../../src/export/workbook/layout.js';
import { getFinding, getTicket } from '../../src/ledger/index.js';
import { buildWebServer } from '../../src/web/server.js';
import { freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { IDS, PASSWORD, seedLedger, seedUsers, USERS } from '../web/seed.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-output/screenshots');
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

describe.skipIf(!hasChromium)('the web page in headless Chromium', () => {
  let testDb: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const downloads = tempDir('recon-browser-');

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    testDb = await freshDb('sqlite');
    await seedLedger(testDb.db);
    await seedUsers(testDb.db);
    app = await buildWebServer(testDb.db, { today: () => '2023-07-01' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testDb?.cleanup();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('logs in as a county user and shows the overview', async () => {
    await page.goto(`${base}/findings`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot('01-login');
    await page.fill('input[name=name]', USERS.lixia.name);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await expect(page.locator('#open-total').textContent()).resolves.toBe('4');
    await expect(page.locator('header .who').textContent()).resolves.toContain('历下区');
    await shot('02-overview');
  });

  it('filters the list by rule and searches by name without putting it in the URL', async () => {
    await page.goto(`${base}/findings`);
    await expect(page.locator('#findings tbody tr').count()).resolves.toBe(4);
    await page.selectOption('select[name=rule]', 'MED_UNINSURED');
    await Promise.all([page.waitForURL(/rule=MED_UNINSURED/), page.click('form.filters button.primary')]);
    await expect(page.locator('#findings tbody tr').count()).resolves.toBe(1);
    await page.selectOption('select[name=rule]', '');
    await page.fill('input[name=search]', '李四');
    await Promise.all([page.waitForURL(/\/findings/), page.click('form.filters button.primary')]);
    expect(decodeURIComponent(page.url())).not.toContain('李四');
    await expect(page.locator('#findings tbody tr').count()).resolves.toBe(2);
    await shot('03-findings-list');
    await Promise.all([page.waitForURL(/\/findings(\?|$)/), page.click('button[name=clear]')]);
    await expect(page.locator('#findings tbody tr').count()).resolves.toBe(4);
  });

  it('dismisses a finding with a reason', async () => {
    await page.goto(`${base}/findings?rule=MED_UNINSURED`);
    await Promise.all([page.waitForURL(/\/findings\/[A-Za-z0-9_-]{20,}$/), page.click('#findings tbody a')]);
    expect(page.url()).not.toMatch(/\d{17}[\dX]/);
    await page.selectOption('select[name=status]', 'dismissed');
    await page.selectOption('select[name=reason]', '情况属实无需整改');
    await page.fill('textarea[name=note]', '已外出务工，在务工地参保');
    await Promise.all([page.waitForURL(/ok=updated/), page.click('#status-form button[type=submit]')]);
    await expect(page.locator('h1 .st').textContent()).resolves.toBe('已排除');
    await expect(page.locator('#events').textContent()).resolves.toContain('已外出务工');
    await shot('04-finding-detail');
    const finding = await getFinding(testDb.db, `MED_UNINSURED|${IDS.zhang}|medical`);
    expect(finding).toMatchObject({ status: 'dismissed', note: '情况属实无需整改：已外出务工，在务工地参保', updated_by: 'lixia' });
  });

  it('assesses a research ticket', async () => {
    await page.goto(`${base}/tickets`);
    await expect(page.locator('#tickets tbody tr').count()).resolves.toBe(1);
    await shot('05-tickets');
    await Promise.all([page.waitForURL(/\/tickets\/[A-Za-z0-9_-]{20,}$/), page.click('#tickets tbody a')]);
    await page.selectOption('select[name=result]', '不符合条件');
    await page.fill('input[name=assessed_at]', '2023-06-28');
    await page.fill('textarea[name=note]', '家庭收入高于监测线');
    await Promise.all([page.waitForURL(/ok=1/), page.click('#assess-form button[type=submit]')]);
    await expect(page.locator('h1 .st').textContent()).resolves.toBe('已研判');
    await shot('06-ticket-detail');
    const ticket = await getTicket(testDb.db, `NEW_AID_UNASSESSED|${IDS.zhang}`);
    expect(ticket).toMatchObject({ status: 'assessed', result: '不符合条件', assessed_at: '2023-06-28' });
  });

  it('downloads the county workbook, which exceljs opens, and imports it back filled in', async () => {
    await page.goto(`${base}/workbooks`);
    await shot('07-workbooks');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/workbooks/370102.xlsx"]')]);
    expect(download.suggestedFilename()).toBe('370102-历下区.xlsx');
    const file = path.join(downloads, 'lixia.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheetNames = workbook.worksheets.map((s) => s.name);
    expect(sheetNames).toContain('汇总');
    expect(sheetNames).toContain('姓名与部门数据不一致');
    expect(sheetNames).not.toContain('未参加基本医疗保险'); // dismissed above: no longer open

    const sheet = workbook.getWorksheet('姓名与部门数据不一致')!;
    const row = sheet.getRow(3);
    expect(row.getCell(FINDING_COL.idNumber).value).toBe(IDS.li); // a text cell, never a number
    row.getCell(FINDING_COL.answer).value = '已整改';
    row.getCell(FINDING_COL.by).value = '村会计';
    row.commit();
    const filled = path.join(downloads, 'lixia-filled.xlsx');
    await workbook.xlsx.writeFile(filled);

    await page.setInputFiles('input[name=workbook]', filled);
    await Promise.all([page.waitForURL(/\/workbooks\/import$/), page.click('#upload-form button[type=submit]')]);
    await expect(page.locator('#import-report').textContent()).resolves.toContain('问题已整改 1');
    await shot('08-import-report');
    const finding = await getFinding(testDb.db, `NAME_MISMATCH|${IDS.li}|medical`);
    expect(finding?.status).toBe('resolved');
  });

  it('shows the run history', async () => {
    await page.goto(`${base}/runs`);
    await expect(page.locator('#runs tbody tr').count()).resolves.toBe(1);
    await shot('09-runs');
  });
});
