/**
 * Streaming XLSX reader (exceljs WorkbookReader): the first sheet, or the one
 * named `sheet`; `row` is the sheet's row number. Cells keep their type:
 * rich text and hyperlinks become text, formulas their result, date cells Dates.
 */
import type ExcelJS from 'exceljs';
import { InputError } from '../../errors.js';
import type { Cell } from '../normalise/text.js';
import { BATCH_SIZE, type RawRow } from './raw-row.js';
import { openWorkbookStream } from './exceljs-stream.js';

/** One exceljs cell value → our Cell. */
export function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((run) => run.text).join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return xlsxCell(v.result);
    if (v.text !== undefined) return xlsxCell(v.text);
    if (v.error !== undefined) return null;
  }
  return String(value);
}

interface WorksheetLike extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

export interface XlsxSheetInfo {
  /** the sheet actually read */
  name: string;
  /** every sheet of the workbook, in order (for messages naming the others) */
  sheets?: string[];
}

export async function* readXlsxRows(
  filePath: string,
  file: string,
  sheet: string | undefined,
  info: XlsxSheetInfo,
): AsyncGenerator<RawRow[]> {
  const names: string[] = [];
  let found = false;
  try {
    const reader = await openWorkbookStream(filePath);
    // the workbook's sheets, in tab order, as workbook.xml lists them (known before the first worksheet)
    const sheetsInOrder = () => (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets?.map((s) => s.name);
    info.sheets = sheetsInOrder();
    for await (const worksheet of reader as unknown as AsyncIterable<WorksheetLike>) {
      names.push(worksheet.name);
      info.sheets ??= sheetsInOrder();
      const wanted = sheet ?? info.sheets?.[0] ?? worksheet.name;
      if (found || worksheet.name !== wanted) continue;
      found = true;
      info.name = worksheet.name;
      let batch: RawRow[] = [];
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: Cell[] = new Array(Math.max(0, values.length - 1));
        // exceljs rows are 1-based (values[0] is always empty)
        for (let i = 1; i < values.length; i++) cells[i - 1] = xlsxCell(values[i]);
        batch.push({ row: row.number, cells });
        if (batch.length >= BATCH_SIZE) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: not a readable XLSX file (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  if (!found) {
    throw new InputError(
      sheet ? `${file}: no sheet named "${sheet}" (sheets: ${names.join(', ')})` : `${file}: the workbook has no sheet`,
      { file },
    );
  }
}
