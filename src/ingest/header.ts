/**
 * Finding the header row and mapping its columns to canonical fields by the
 * aliases of schemas/<kind>.json (data-contract.md, "File formats").
 */
import type { SourceSchema } from './source-schema.js';
import { cellText, type Cell } from './normalise/text.js';

/** At least this many cells must match an alias for a row to be the header. */
export const HEADER_MIN_MATCHES = 3;
/** Prefix of the field that stands for one per-measure column (`measure:产业帮扶`). */
export const MEASURE_FIELD = 'measure:';

/** Header text compared without whitespace and `*`, with full-width brackets made half-width. */
export function normaliseHeaderText(text: string): string {
  return text
    .replace(/[\s\u3000\u00a0\ufeff*＊]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

const TRAILING_NOTE = /^(.+?)\([^()]*\)$/;

export class HeaderMatcher {
  private readonly fieldByAlias = new Map<string, string>();
  private readonly multi: Set<string>;

  constructor(readonly schema: SourceSchema) {
    for (const [field, aliases] of Object.entries(schema.fields)) {
      for (const alias of aliases) this.addAlias(alias, field);
    }
    for (const [measure, aliases] of Object.entries(schema.measureColumns ?? {})) {
      for (const alias of aliases) this.addAlias(alias, MEASURE_FIELD + measure);
    }
    this.multi = new Set(schema.multiColumn ?? []);
  }

  private addAlias(alias: string, field: string): void {
    const key = normaliseHeaderText(alias);
    if (!this.fieldByAlias.has(key)) this.fieldByAlias.set(key, field);
  }

  /** The field a header cell names: an exact alias wins over dropping a trailing bracketed note. */
  fieldOf(cell: Cell | undefined): string | undefined {
    const text = normaliseHeaderText(cellText(cell));
    if (text === '') return undefined;
    const exact = this.fieldByAlias.get(text);
    if (exact) return exact;
    const note = TRAILING_NOTE.exec(text);
    return note ? this.fieldByAlias.get(note[1]!) : undefined;
  }

  /** How many distinct fields a row names. */
  countMatches(cells: Cell[]): number {
    const seen = new Set<string>();
    for (const cell of cells) {
      const field = this.fieldOf(cell);
      if (field) seen.add(field);
    }
    return seen.size;
  }

  /** Column positions per field; the first column wins except for multi-column fields. */
  mapColumns(cells: Cell[]): Map<string, number[]> {
    const columns = new Map<string, number[]>();
    cells.forEach((cell, index) => {
      const field = this.fieldOf(cell);
      if (!field) return;
      const existing = columns.get(field);
      if (!existing) columns.set(field, [index]);
      else if (this.multi.has(field)) existing.push(index);
    });
    return columns;
  }

  /** The first alias of each required field absent from the columns. */
  missingRequired(columns: Map<string, number[]>): string[] {
    return this.schema.required
      .filter((field) => !columns.has(field))
      .map((field) => this.schema.fields[field]?.[0] ?? field);
  }
}
