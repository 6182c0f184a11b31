/**
 * The fixed shape of a correction workbook (outputs.md "Correction workbook"):
 * sheet names, column headers, drop-down vocabularies and the hidden key cell.
 * Writer and importer both read it, so a returned workbook is read by the very
 * layout that wrote it.
 */
import type { FindingStatus, TicketStatus } from '../../model/findings.js';

export const SUMMARY_SHEET = '汇总';
export const TICKET_SHEET = '研判工单';

/** 核实结果: what a county may answer for a finding. */
export const FINDING_ANSWERS = ['已整改', '情况属实无需整改', '部门数据有误', '其他'] as const;
export type FindingAnswer = (typeof FINDING_ANSWERS)[number];

/** 研判结论: the result of a research ticket (rules.md "Research tickets"). */
export const TICKET_RESULTS = ['纳入监测', '不符合条件', '已是监测对象', '其他'] as const;
export type TicketResult = (typeof TICKET_RESULTS)[number];

/** The hidden column's header: says what it is to whoever unhides it. */
export const KEY_HEADER = '系统键（请勿修改）';

export interface ColumnSpec {
  header: string;
  /** an ID-number column: written as a text cell, compared on import */
  idNumber?: boolean;
  /** filled in by the county */
  answer?: boolean;
  /** the hidden key column */
  hidden?: boolean;
  /** narrowest width in characters (answer columns must be wide enough to type in) */
  minWidth?: number;
}

/** Finding sheet columns, in order. Indexes below are 1-based cell numbers. */
export const FINDING_COLUMNS: readonly ColumnSpec[] = [
  { header: '序号' },
  { header: '乡镇' },
  { header: '村' },
  { header: '户编号' },
  { header: '姓名' },
  { header: '身份证号', idNumber: true },
  { header: '问题' },
  { header: '系统值' },
  { header: '部门值' },
  { header: '首次发现' },
  { header: '核实结果', answer: true, minWidth: 18 },
  { header: '核实说明', answer: true, minWidth: 24 },
  { header: '核实人', answer: true, minWidth: 10 },
  { header: '核实日期', answer: true, minWidth: 12 },
  { header: KEY_HEADER, hidden: true },
];

export const FINDING_COL = {
  seq: 1, town: 2, village: 3, household: 4, name: 5, idNumber: 6, problem: 7, systemValue: 8, deptValue: 9,
  firstSeen: 10, answer: 11, note: 12, by: 13, date: 14, key: 15,
} as const;

export const TICKET_COLUMNS: readonly ColumnSpec[] = [
  { header: '序号' },
  { header: '乡镇' },
  { header: '村' },
  { header: '户编号' },
  { header: '工单类型' },
  { header: '户主姓名' },
  { header: '户主身份证号', idNumber: true },
  { header: '家庭成员' },
  { header: '触发事项' },
  { header: '触发日期' },
  { header: '开单日期' },
  { header: '办理期限' },
  { header: '是否超期' },
  { header: '研判结论', answer: true, minWidth: 16 },
  { header: '研判说明', answer: true, minWidth: 24 },
  { header: '研判人', answer: true, minWidth: 10 },
  { header: '研判日期', answer: true, minWidth: 12 },
  { header: KEY_HEADER, hidden: true },
];

export const TICKET_COL = {
  seq: 1, town: 2, village: 3, household: 4, kind: 5, headName: 6, headIdNumber: 7, members: 8, trigger: 9,
  triggerDate: 10, openedAt: 11, dueAt: 12, overdue: 13, result: 14, note: 15, by: 16, date: 17, key: 18,
} as const;

/** Rows above the data: a title row, then the header row (frozen, filtered). */
export const TITLE_ROW = 1;
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;

/** What the hidden key cell remembers of an item at export. */
export interface ExportedItem {
  type: 'finding' | 'ticket';
  key: string;
  status: FindingStatus | TicketStatus;
  reopened: number;
}

// U+241F (␟, "symbol for unit separator"): never part of a key, visible if someone unhides the column.
const SEP = '\u241f';

export function encodeItemCell(item: ExportedItem): string {
  return [item.type, item.key, item.status, String(item.reopened)].join(SEP);
}

/** The item a hidden key cell names, or null when the cell is not one this layout wrote. */
export function decodeItemCell(text: string): ExportedItem | null {
  const parts = text.split(SEP);
  if (parts.length !== 4) return null;
  const [type, key, status, reopened] = parts as [string, string, string, string];
  if ((type !== 'finding' && type !== 'ticket') || !key || !/^\d+$/.test(reopened)) return null;
  return { type, key, status: status as ExportedItem['status'], reopened: Number(reopened) };
}

/**
 * Display width of a text in Excel column units: CJK and full-width characters
 * take two, others one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width += code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3)
      || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60)
      || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000) ? 2 : 1;
  }
  return width;
}

/** Excel's sheet-name limits: 31 characters, none of []:*?/\ . */
export function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}
