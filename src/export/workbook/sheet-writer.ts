/**
 * Writes one data sheet of a correction workbook through exceljs' streaming
 * writer: rows are committed as they come, so memory stays bounded however
 * many items a county has. Column widths must be known before the first row
 * is committed, hence two passes over the rows (the source is re-read, not kept).
 */
import type ExcelJS from 'exceljs';
import { FIRST_DATA_ROW, HEADER_ROW, TITLE_ROW, displayWidth, type ColumnSpec } from './layout.js';

/** One data row: a value per column (the seq number included), already safe text. */
export interface SheetRow {
  values: (string | number | null)[];
  /** drawn in the overdue colour */
  highlight?: boolean;
}

export interface DataSheetSpec {
  name: string;
  title: string;
  columns: readonly ColumnSpec[];
  /** a drop-down on this 1-based column for every data row */
  dropDown: { column: number; values: readonly string[] };
}

const MAX_WIDTH = 60;
const YIELD_EVERY = 200;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const ANSWER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const OVERDUE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
export const TEXT_FORMAT = '@';
const DATE_FORMAT = 'yyyy-mm-dd';

/** exceljs leaves out a column of width 9 (its default) and Excel then draws 8.43: keep it 9. */
function excelWidth(width: number): number {
  return width === 9 ? 9.01 : width;
}

function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Adds and fully writes one sheet; `rows` is called twice (widths, then cells).
 * Returns the number of data rows.
 */
export async function writeDataSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  spec: DataSheetSpec,
  rows: () => AsyncIterable<SheetRow>,
): Promise<number> {
  const widths = spec.columns.map((column) => Math.max(displayWidth(column.header) + 2, column.minWidth ?? 0));
  let count = 0;
  for await (const row of rows()) {
    count++;
    row.values.forEach((value, i) => {
      if (value === null || i >= widths.length) return;
      widths[i] = Math.max(widths[i] ?? 0, Math.min(MAX_WIDTH, displayWidth(String(value)) + 2));
    });
  }
  const lastColumn = columnLetter(spec.columns.length);
  const lastRow = Math.max(HEADER_ROW, HEADER_ROW + count);
  const sheet = workbook.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}` }],
  });
  sheet.columns = spec.columns.map((column, i) => ({
    key: `c${i + 1}`,
    width: excelWidth(widths[i] ?? 10),
    hidden: column.hidden ?? false,
    // a typed answer date reads as a date; an ID column stays text even when someone types in it
    style: column.idNumber ? { numFmt: TEXT_FORMAT } : column.answer && column.header.endsWith('日期') ? { numFmt: DATE_FORMAT } : {},
  }));
  sheet.autoFilter = `A${HEADER_ROW}:${lastColumn}${lastRow}`;
  if (count > 0) {
    const dropDown = columnLetter(spec.dropDown.column);
    // exceljs has it at run time (a range, written once) but leaves it out of its typings
    (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(`${dropDown}${FIRST_DATA_ROW}:${dropDown}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${spec.dropDown.values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '请从下拉列表选择',
      error: spec.dropDown.values.join(' / '),
    });
  }

  const title = sheet.getRow(TITLE_ROW);
  title.getCell(1).value = spec.title;
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  const header = sheet.getRow(HEADER_ROW);
  spec.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = column.answer ? ANSWER_FILL : HEADER_FILL;
  });
  header.commit();

  let rowNumber = FIRST_DATA_ROW;
  for await (const source of rows()) {
    const row = sheet.getRow(rowNumber++);
    source.values.forEach((value, i) => {
      if (value === null || value === '') return;
      const cell = row.getCell(i + 1);
      cell.value = value;
      if (spec.columns[i]?.idNumber) cell.numFmt = TEXT_FORMAT;
      if (source.highlight) cell.fill = OVERDUE_FILL;
    });
    if (source.highlight) {
      // the blank answer cells of an overdue row are coloured too
      spec.columns.forEach((column, i) => {
        if (column.answer) row.getCell(i + 1).fill = OVERDUE_FILL;
      });
    }
    row.commit();
    // exceljs buffers committed rows until the zip reads them, and the zip runs only when the
    // event loop turns (a SQLite page resolves without one): let it catch up now and then
    if (rowNumber % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  return count;
}

/** A small sheet written in one go (the 汇总 sheet): a title and blocks of rows. */
export function writeTableSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  blocks: { heading: string; header: string[]; rows: (string | number)[][] }[],
): void {
  const widths: number[] = [];
  const measure = (values: (string | number)[]) =>
    values.forEach((value, i) => { widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i] ?? 8, displayWidth(String(value)) + 2)); });
  for (const block of blocks) { measure(block.header); block.rows.forEach(measure); }
  const sheet = workbook.addWorksheet(name);
  sheet.columns = widths.map((width, i) => ({ key: `c${i + 1}`, width: excelWidth(width) }));
  let rowNumber = TITLE_ROW;
  const titleRow = sheet.getRow(rowNumber++);
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).font = { bold: true, size: 14 };
  titleRow.commit();
  for (const block of blocks) {
    rowNumber++;
    const heading = sheet.getRow(rowNumber++);
    heading.getCell(1).value = block.heading;
    heading.getCell(1).font = { bold: true };
    heading.commit();
    const header = sheet.getRow(rowNumber++);
    block.header.forEach((text, i) => {
      header.getCell(i + 1).value = text;
      header.getCell(i + 1).font = { bold: true };
      header.getCell(i + 1).fill = HEADER_FILL;
    });
    header.commit();
    for (const values of block.rows) {
      const row = sheet.getRow(rowNumber++);
      values.forEach((value, i) => { row.getCell(i + 1).value = value; });
      row.commit();
    }
  }
  sheet.commit();
}
