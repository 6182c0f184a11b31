/**
 * County workbooks: the list of counties the user may download, the download
 * itself (written by src/export for that county, then sent), and the upload of
 * a returned workbook (the same import as `recon import-workbook`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { writeCountyWorkbook } from '../../export/workbook.js';
import { countiesWithWork, countyName } from '../../export/workbook/items.js';
import { importWorkbook } from '../../export/import-workbook.js';
import { InputError } from '../../errors.js';
import { pageUser, principal, rejectCsrf, sameToken, UPLOAD_PATH } from '../auth.js';
import type { WebContext } from '../context.js';
import type { SafeHtml } from '../html.js';
import { canSeeCounties } from '../scope.js';
import { firstRowOutOfScope } from '../upload-scope.js';
import { page } from '../views/layout.js';
import { importReportView, workbooksView, type CountyEntry } from '../views/workbooks.js';

const UNPLACED = 'unplaced';

function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recon-web-'));
  return work(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

export function registerWorkbookRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/workbooks', async (request, reply) => {
    const user = principal(request);
    const codes = await countiesWithWork(ctx.db, user.role === 'province' ? '' : user.region);
    // a county user can always download its own county, even with nothing open
    if (user.role === 'county' && !codes.includes(user.region)) codes.unshift(user.region);
    const entries: CountyEntry[] = [];
    for (const code of codes) {
      if (code === null) {
        if (user.role === 'province') entries.push({ file: UNPLACED, code: '', name: '无法定位到县的问题' });
      } else if (canSeeCounties(user, [code])) {
        entries.push({ file: code, code, name: (await countyName(ctx.db, code)) ?? code });
      }
    }
    return reply.type('text/html; charset=utf-8').send(
      page({ title: '工作簿', active: 'workbooks', user: pageUser(request), csrfToken: request.session?.csrfToken,
        body: workbooksView({ entries, csrfToken: request.session?.csrfToken ?? '' }) }),
    );
  });

  app.get<{ Params: { file: string } }>('/workbooks/:file', async (request, reply) => {
    const user = principal(request);
    const match = /^(\d{6}|unplaced)\.xlsx$/.exec(request.params.file);
    if (!match) return reply.callNotFound();
    const code = match[1] === UNPLACED ? null : match[1]!;
    const allowed = code === null ? user.role === 'province' : canSeeCounties(user, [code]);
    if (!allowed) return reply.callNotFound();
    const name = code === null ? '无法定位' : ((await countyName(ctx.db, code)) ?? '');
    const downloadName = code === null ? 'unplaced.xlsx' : `${code}-${name}.xlsx`;
    const content = await withTempDir(async (dir) => {
      const file = path.join(dir, 'workbook.xlsx');
      await writeCountyWorkbook(ctx.db, code, file, { asOf: ctx.today() });
      return fs.readFileSync(file);
    });
    request.log.info({ userId: user.id, county: code }, 'workbook downloaded');
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="${code ?? UNPLACED}.xlsx"; filename*=UTF-8''${encodeURIComponent(downloadName)}`)
      .header('Cache-Control', 'no-store')
      .send(content);
  });

  app.post(UPLOAD_PATH, async (request, reply) => {
    const user = principal(request);
    if (!request.isMultipart()) return reply.code(400).type('text/plain; charset=utf-8').send('请选择文件上传');
    const upload = await request.file();
    // the CSRF field stands before the file in the form, so it has been read by now
    const csrfField = upload?.fields._csrf;
    const sent = csrfField && !Array.isArray(csrfField) && csrfField.type === 'field' ? String(csrfField.value) : undefined;
    if (!sameToken(sent, request.session?.csrfToken)) {
      upload?.file.resume();
      return rejectCsrf(reply);
    }
    const render = (body: SafeHtml, code = 200) =>
      reply.code(code).type('text/html; charset=utf-8').send(
        page({ title: '导入工作簿', active: 'workbooks', user: pageUser(request), csrfToken: request.session?.csrfToken, body }),
      );
    if (!upload || !/\.xlsx$/i.test(upload.filename)) {
      upload?.file.resume();
      return render(importReportView({ error: '请选择县级工作簿（.xlsx 文件）。' }), 400);
    }
    return withTempDir(async (dir) => {
      const file = path.join(dir, 'upload.xlsx');
      await pipeline(upload.file, fs.createWriteStream(file));
      if (upload.file.truncated) return render(importReportView({ error: '文件过大。' }), 413);
      const outside = await firstRowOutOfScope(ctx.db, user, file).catch((err: unknown) => {
        if (err instanceof InputError) return null; // an unreadable workbook: the import says why
        throw err;
      });
      if (outside) {
        request.log.warn({ userId: user.id }, 'workbook upload names items outside the user scope');
        return render(importReportView({ fileName: upload.filename, error: `工作簿“${outside.sheet}”第 ${outside.row} 行的记录不属于您的辖区，整个文件未导入。` }), 403);
      }
      try {
        const report = await importWorkbook(ctx.db, file, { by: user.name, today: ctx.today() });
        request.log.info({ userId: user.id }, 'workbook imported');
        return render(importReportView({ fileName: upload.filename, report }));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return render(importReportView({ fileName: upload.filename, error: `无法导入：${err.message}` }), 400);
      }
    });
  });
}
