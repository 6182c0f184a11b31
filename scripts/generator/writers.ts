/**
 * File sinks. CSV is streamed (bounded memory at any size), in UTF-8 or in
 * GB18030 as a Chinese Windows Excel saves it (gb18030.ts). XLSX (small
 * scale only) is built with exceljs and written at the end.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { encodeGb18030 } from './gb18030.js';
import { fixZipTimestamps } from './zip-timestamps.js';

export type Cell = string | number | Date | null;

export interface TableSink {
  addRow(cells: Cell[]): Promise<void>;
  close(): Promise<void>;
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export class CsvSink implements TableSink {
  private buffer: string[] = [];
  private size = 0;
  private readonly file: WriteStream;
  private readonly gb18030: boolean;
  private readonly done: Promise<void>;

  constructor(path: string, opts: { bom?: boolean; encoding?: 'utf8' | 'gb18030' } = {}) {
    this.file = createWriteStream(path);
    this.gb18030 = opts.encoding === 'gb18030';
    this.done = new Promise<void>((resolve, reject) => { this.file.on('finish', () => resolve()); this.file.on('error', reject); });
    if (opts.bom) this.buffer.push('\uFEFF');
  }

  async addRow(cells: Cell[]): Promise<void> {
    const line = cells.map(csvField).join(',') + '\r\n';
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    const chunk = this.gb18030 ? encodeGb18030(text) : Buffer.from(text, 'utf8');
    if (!this.file.write(chunk)) await new Promise<void>((resolve) => this.file.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    this.file.end();
    await this.done;
  }
}

/** Fixed workbook dates so a re-run writes the same metadata. */
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));

export class XlsxSink implements TableSink {
  private readonly workbook = new ExcelJS.Workbook();
  private readonly sheet: ExcelJS.Worksheet;

  /** `titles`: rows above the header; the first is merged across `mergeWidth` columns, as exports do. */
  constructor(private readonly path: string, opts: { sheetName?: string; titles?: string[]; mergeWidth?: number }) {
    this.workbook.creator = 'recon sample-data generator';
    this.workbook.created = FIXED_DATE;
    this.workbook.modified = FIXED_DATE;
    this.sheet = this.workbook.addWorksheet(opts.sheetName ?? 'Sheet1');
    const titles = opts.titles ?? [];
    titles.forEach((title, i) => {
      const row = this.sheet.addRow([title]);
      if (i === 0) row.font = { bold: true, size: 14 };
    });
    if (titles.length && opts.mergeWidth && opts.mergeWidth > 1) this.sheet.mergeCells(1, 1, 1, opts.mergeWidth);
  }

  async addRow(cells: Cell[]): Promise<void> {
    const row = this.sheet.addRow(cells.map((c) => (c === null ? null : c)));
    cells.forEach((c, i) => {
      if (c instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }

  async close(): Promise<void> {
    await this.workbook.xlsx.writeFile(this.path);
    await fixZipTimestamps(this.path);
  }
}
