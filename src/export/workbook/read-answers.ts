/**
 * Reads the filled rows of a returned correction workbook. Columns are found by their header
 * text, so a county that moved or added a column is still read right.
 */
import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { openWorkbookStream } from '../../ingest/readers/exceljs-stream.js';
import { parseDate } from '../../ingest/normalise/date.js';
import { InputError } from '../../errors.js';
import { decodeItemCell, FINDING_COLUMNS, KEY_HEADER, TICKET_COLUMNS, type ExportedItem } from './layout.js';

export interface AnswerRow {
  sheet: string;
  /** the row number Excel shows */
  row: number;
  type: 'finding' | 'ticket';
  /** the hidden key cell as decoded; null when it is not one this program wrote */
  item: ExportedItem | null;
  /** the ID cell as it reads now (compared with the item's ID on import) */
  idCell: string;
  /** 核实结果 / 研判结论 */
  answer: string;
  note: string;
  by: string;
  /** the date cell as an ISO date, '' when blank, null when unreadable */
  date: string | null;
}

const FINDING_HEADERS = { answer: '核实结果', note: '核实说明', by: '核实人', date: '核实日期', id: '身份证号' };
const TICKET_HEADERS = { answer: '研判结论', note: '研判说明', by: '研判人', date: '研判日期', id: '户主身份证号' };
// the layouts and these names must agree; fail loudly at load if someone renames a header
for (const [columns, headers] of [[FINDING_COLUMNS, FINDING_HEADERS], [TICKET_COLUMNS, TICKET_HEADERS]] as const) {
  for (const header of Object.values(headers)) {
    if (!columns.some((column) => column.header === header)) throw new Error(`workbook layout lacks ${header}`);
  }
}

/** The text a person sees in a cell, whatever exceljs made of it. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  // an invalid date (a date-formatted cell holding no day) is something typed, not a blank: cellDate calls it unreadable
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((run) => run.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

/**
 * A date cell as ISO `YYYY-MM-DD` ('' when blank, null when unreadable), read
 * as ingest reads a date (data-contract.md): a real date, an Excel serial,
 * 20230612 typed (also into a date-formatted cell), or text like 2023-06-12,
 * 2023/6/12, 2023.6.12, 2023年6月12日.
 */
export function cellDate(value: ExcelJS.CellValue | undefined): string | null {
  const cell = value instanceof Date || typeof value === 'number' ? value : cellText(value);
  const day = parseDate(cell);
  return day === null ? '' : (day ?? null);
}

interface SheetLayout {
  type: 'finding' | 'ticket';
  columns: Record<'answer' | 'note' | 'by' | 'date' | 'id' | 'key', number>;
}

/** The layout a header row gives a finding or ticket sheet; null for any other row (a title, 汇总's rows). */
function headerLayout(file: string, sheet: string, number: number, values: ExcelJS.CellValue[]): SheetLayout | null {
  const headers = values.map((value) => cellText(value));
  const names = headers.includes(FINDING_HEADERS.answer) ? FINDING_HEADERS
    : headers.includes(TICKET_HEADERS.answer) ? TICKET_HEADERS : null;
  if (!names) return null;
  const at = (header: string) => headers.indexOf(header);
  const columns = { answer: at(names.answer), note: at(names.note), by: at(names.by), date: at(names.date), id: at(names.id), key: at(KEY_HEADER) };
  const missing = Object.entries(columns).filter(([, index]) => index < 1).map(([name]) => (name === 'key' ? KEY_HEADER : names[name as keyof typeof names]));
  if (missing.length > 0) {
    throw new InputError(`${file}: sheet ${sheet} row ${number}: column ${missing.join(', ')} is missing; nothing was imported`, { file, row: number, column: missing[0]! });
  }
  return { type: names === FINDING_HEADERS ? 'finding' : 'ticket', columns };
}

// the header is near the top (a title row above it); a county may have inserted a row or two
const HEADER_SEARCH_ROWS = 10;

interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

/**
 * Every row of the workbook's finding and ticket sheets that has something in
 * an answer column. Read with ingest's streaming reader, whose UTF-8 decoding
 * carries a character cut at a chunk boundary over to the next chunk (exceljs
 * 4.4's own decoders do not), so both ways into recon read Chinese alike.
 * Every sheet is read (and its layout checked) before the first row is handed
 * out, so a broken sheet stops the import before any change; only filled rows
 * are kept.
 */
export async function* readAnswerRows(file: string): AsyncGenerator<AnswerRow> {
  yield* await filledAnswerRows(file);
}

async function filledAnswerRows(file: string): Promise<AnswerRow[]> {
  if (!fs.existsSync(file)) throw new InputError(`${file}: not a readable xlsx workbook (no such file)`, { file });
  const filled: AnswerRow[] = [];
  let sheetsWithHeader = 0;
  try {
    const reader = await openWorkbookStream(file);
    for await (const worksheet of reader as unknown as AsyncIterable<StreamedSheet>) {
      let layout: SheetLayout | null = null;
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[];
        if (!layout) {
          if (row.number <= HEADER_SEARCH_ROWS) layout = headerLayout(file, worksheet.name, row.number, values);
          if (layout) sheetsWithHeader++;
          continue;
        }
        const { columns } = layout;
        const answer = cellText(values[columns.answer]);
        const note = cellText(values[columns.note]);
        const by = cellText(values[columns.by]);
        const dateValue = values[columns.date];
        if (answer === '' && note === '' && by === '' && cellText(dateValue) === '') continue;
        filled.push({
          sheet: worksheet.name, row: row.number, type: layout.type,
          item: decodeItemCell(cellText(values[columns.key])),
          idCell: cellText(values[columns.id]),
          answer, note, by,
          date: cellDate(dateValue),
        });
      }
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: not a readable xlsx workbook (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  // never "0 rows, nothing changed" for a workbook that was not read as one of ours
  if (sheetsWithHeader === 0) {
    throw new InputError(`${file}: no sheet has the 核实结果 or 研判结论 header of a recon correction workbook; nothing was imported`, { file });
  }
  return filled;
}
