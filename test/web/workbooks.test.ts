/**
 * Workbook download and upload through the page (inject, both dialects): a
 * county downloads its own workbook only; an upload goes through the same
 * import as the CLI, and a workbook naming another county's items is refused
 * whole, changing nothing.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FINDING_COL } from '../../src/export/workbook/layout.js';
import { getFinding } from '../../src/ledger/index.js';
import { buildWebServer } from '../../src/web/server.js';
import { DIALECTS, freshDb, type TestDb } from '../helpers/db.js';
import { WebClient } from './client.js';
import { IDS, PASSWORD, seedLedger, seedUsers, USERS } from './seed.js';

async function fillFirstRow(xlsx: Buffer, sheetName: string, answer: string, by: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const row = workbook.getWorksheet(sheetName)!.getRow(3);
  row.getCell(FINDING_COL.answer).value = answer;
  row.getCell(FINDING_COL.by).value = by;
  row.commit();
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`workbooks on the page (${dialect})`, () => {
    let testDb: TestDb;
    let app: FastifyInstance;

    beforeEach(async () => {
      app = undefined as unknown as FastifyInstance;
      testDb = await freshDb(dialect);
      await seedLedger(testDb.db);
      await seedUsers(testDb.db);
      app = await buildWebServer(testDb.db, { secret: Buffer.from('s'), logger: pino({ level: 'silent' }), today: () => '2023-07-01' });
    });
    afterEach(async () => {
      await app?.close();
      await testDb?.cleanup();
    });

    const login = async (user: keyof typeof USERS) => (await WebClient.login(app, USERS[user].name, PASSWORD)).client!;

    it('downloads the own county workbook and imports it back filled in', async () => {
      const lixia = await login('lixia');
      const download = await lixia.get('/workbooks/370102.xlsx');
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toContain(encodeURIComponent('370102-历下区.xlsx'));
      const filled = await fillFirstRow(download.rawPayload, '未参加基本医疗保险', '已整改', '王会计');
      await lixia.get('/workbooks');
      const noCsrf = await lixia.upload('/workbooks/import', 'back.xlsx', filled, false);
      expect(noCsrf.statusCode).toBe(403);
      const key = `MED_UNINSURED|${IDS.zhang}|medical`;
      expect((await getFinding(testDb.db, key))!.status).toBe('open');

      const uploaded = await lixia.upload('/workbooks/import', 'back.xlsx', filled);
      expect(uploaded.statusCode).toBe(200);
      expect(uploaded.body).toContain('问题已整改 1');
      expect((await getFinding(testDb.db, key))!).toMatchObject({ status: 'resolved', updated_by: '王会计（lixia导入）' });
      // the same workbook again changes nothing
      const again = await lixia.upload('/workbooks/import', 'back.xlsx', filled);
      expect(again.body).toContain('无变化 1');
    });

    it('refuses a workbook naming another county\'s items, changing nothing', async () => {
      const province = await login('province');
      const shibeiBook = await province.get('/workbooks/370203.xlsx');
      expect(shibeiBook.statusCode).toBe(200);
      const filled = await fillFirstRow(shibeiBook.rawPayload, '标注低保但已不在保', '已整改', '某人');
      const lixia = await login('lixia');
      await lixia.get('/workbooks');
      const refused = await lixia.upload('/workbooks/import', 'other.xlsx', filled);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('不属于您的辖区');
      const key = `DIBAO_STALE|${IDS.zhao}|dibao`;
      expect((await getFinding(testDb.db, key))!.status).toBe('open');
      const shibei = await login('shibei');
      await shibei.get('/workbooks');
      expect((await shibei.upload('/workbooks/import', 'own.xlsx', filled)).statusCode).toBe(200);
      expect((await getFinding(testDb.db, key))!.status).toBe('resolved');
    });

    it('answers a file that is not a workbook with a message, not a crash', async () => {
      const lixia = await login('lixia');
      await lixia.get('/workbooks');
      const notXlsx = await lixia.upload('/workbooks/import', 'notes.txt', Buffer.from('hello'));
      expect(notXlsx.statusCode).toBe(400);
      const broken = await lixia.upload('/workbooks/import', 'broken.xlsx', Buffer.from('not a zip file'));
      expect(broken.statusCode).toBeLessThan(500);
      expect(broken.body).toContain('无法导入');
    });
  });
}
