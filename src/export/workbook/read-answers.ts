/**
 * Reads the filled rows of a returned correction workbook. Columns are found by their header
 * text, so a county that moved or added a column is still read right.
 */
import ExcelJS from 'exceljs';
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

const IGNORED_SHEET_PARTS = [
  'dataValidations', 'conditionalFormatting', 'sheetViews', 'cols', 'autoFilter', 'mergeCells', 'hyperlinks',
  'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'drawing', 'picture', 'tableParts', 'extLst',
];

/** The text a person sees in a cell, whatever exceljs made of it. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((run) => run.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included)
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date cell as ISO `YYYY-MM-DD`: a real date, an Excel serial, or text like 2023-06-12, 2023/6/12, 2023.6.12, 2023年6月12日, 20230612. */
export function cellDate(value: ExcelJS.CellValue | undefined): string | null {
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (value < 1 || value > 2958465) return null;
    return new Date(EXCEL_EPOCH_MS + Math.floor(value) * 86400000).toISOString().slice(0, 10);
  }
  const text = cellText(value);
  if (text === '') return '';
  const parts = /^(\d{4})(?:[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?|(\d{2})(\d{2}))$/.exec(text);
  if (!parts) return null;
  const year = Number(parts[1]);
  const month = Number(parts[2] ?? parts[4]);
  const day = Number(parts[3] ?? parts[5]);
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return at.toISOString().slice(0, 10);
}

interface SheetLayout {
  worksheet: ExcelJS.Worksheet;
  type: 'finding' | 'ticket';
  headerRow: number;
  columns: Record<'answer' | 'note' | 'by' | 'date' | 'id' | 'key', number>;
}

/** Where a finding or ticket sheet keeps its columns; null for a sheet that is neither (汇总, one a county added). */
function sheetLayout(file: string, worksheet: ExcelJS.Worksheet): SheetLayout | null {
  // the header is near the top (a title row above it); a county may have inserted a row or two
  for (let number = 1; number <= Math.min(worksheet.rowCount, 10); number++) {
    const headers = ((worksheet.findRow(number)?.values ?? []) as ExcelJS.CellValue[]).map((value) => cellText(value));
    const names = headers.includes(FINDING_HEADERS.answer) ? FINDING_HEADERS
      : headers.includes(TICKET_HEADERS.answer) ? TICKET_HEADERS : null;
    if (!names) continue;
    const at = (header: string) => headers.indexOf(header);
    const columns = { answer: at(names.answer), note: at(names.note), by: at(names.by), date: at(names.date), id: at(names.id), key: at(KEY_HEADER) };
    const missing = Object.entries(columns).filter(([, index]) => index < 1).map(([name]) => (name === 'key' ? KEY_HEADER : names[name as keyof typeof names]));
    if (missing.length > 0) {
      throw new InputError(`${file}: sheet ${worksheet.name} row ${number}: column ${missing.join(', ')} is missing; nothing was imported`, { file, row: number, column: missing[0]! });
    }
    return { worksheet, type: names === FINDING_HEADERS ? 'finding' : 'ticket', headerRow: number, columns };
  }
  return null;
}

/**
 * Every row of the workbook's finding and ticket sheets that has something in
 * an answer column. The workbook is loaded whole: exceljs 4.4's streaming
 * reader drops the zip entries that follow a worksheet it had to set aside, and
 * in the files exceljs writes, workbook.xml (the sheet names) comes last.
 */
export async function* readAnswerRows(file: string): AsyncGenerator<AnswerRow> {
  const workbook = new ExcelJS.Workbook();
  try {
    // only cell values matter here: skip the rest (exceljs would expand the drop-down into one entry per cell)
    await workbook.xlsx.readFile(file, { ignoreNodes: IGNORED_SHEET_PARTS } as ExcelJS.XlsxReadOptions);
  } catch (err) {
    throw new InputError(`${file}: not a readable xlsx workbook (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  // every sheet's layout is checked before the first row is handed out, so a broken sheet stops the import before any change
  const layouts = workbook.worksheets.map((worksheet) => sheetLayout(file, worksheet)).filter((layout) => layout !== null);
  for (const { worksheet, type, headerRow, columns } of layouts) {
    for (let number = headerRow + 1; number <= worksheet.rowCount; number++) {
      const row = worksheet.findRow(number);
      if (!row) continue;
      const values = row.values as ExcelJS.CellValue[];
      const answer = cellText(values[columns.answer]);
      const note = cellText(values[columns.note]);
      const by = cellText(values[columns.by]);
      const dateValue = values[columns.date];
      if (answer === '' && note === '' && by === '' && cellText(dateValue) === '') continue;
      yield {
        sheet: worksheet.name, row: number, type,
        item: decodeItemCell(cellText(values[columns.key])),
        idCell: cellText(values[columns.id]),
        answer, note, by,
        date: cellDate(dateValue),
      };
    }
  }
}
