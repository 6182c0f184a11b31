/**
 * Typed access to one file's columns by canonical field, counting unreadable
 * and out-of-vocabulary values per field as it goes. One instance per file;
 * the column positions are resolved once so each row costs array look-ups.
 */
import type { IdNumber, Place, Stage, YesNo } from '../../model/records.js';
import { isPlainIsoDate, parseDate } from '../normalise/date.js';
import { normaliseIdNumber } from '../normalise/id-number.js';
import { parseMoney } from '../normalise/money.js';
import { normaliseName } from '../normalise/name.js';
import { cellText, type Cell } from '../normalise/text.js';
import type { PlaceNames, PlaceResolver } from '../region/place-resolver.js';
import { SHARED_TEXT_LENGTH, SharedTexts, shareId } from '../shared-values.js';
import { classMap, type CommonVocab } from '../source-schema.js';

/**
 * A copy of a cell's text that does not pin the text it was cut from. V8
 * keeps a substring of 13+ characters as a view into its parent: a record
 * holding one such ID would keep the reader's whole decoded chunk alive, and
 * a city's records would hold every file's text (a gigabyte). Shorter strings
 * are copies already. JSON.parse of a quoted text makes a flat string of its
 * own (41 bytes for an ID; `(' ' + text).slice(1)` still makes a view, into a
 * new parent, 90 bytes); text JSON would need escaped goes through a Buffer.
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
function detach(text: string): string {
  if (text.length < SHARED_TEXT_LENGTH) return text; // shorter strings are copies already (see SHARED_TEXT_LENGTH)
  return NEEDS_ESCAPE.test(text) ? Buffer.from(text, 'utf16le').toString('utf16le') : (JSON.parse(`"${text}"`) as string);
}

/** Distinct dates kept per file: they repeat by the million. */
const MAX_DATES = 200_000;

function bump(counts: Record<string, number>, field: string): void {
  counts[field] = (counts[field] ?? 0) + 1;
}

export class FieldReader {
  readonly unreadable: Record<string, number> = {};
  readonly outOfVocabulary: Record<string, number> = {};
  unresolvedPlaces = 0;
  private readonly sharedTexts = new SharedTexts();
  private readonly dates = new Map<string, string | null | undefined>();
  private readonly yesNoWords: Map<string, 'yes' | 'no'>;
  private readonly stages: Map<string, Stage>;
  private readonly stagePrefixes: [string, Stage][];
  readonly separators: RegExp;

  constructor(
    private readonly columns: Map<string, number[]>,
    readonly common: CommonVocab,
    readonly asOf: string,
    private readonly places: PlaceResolver,
    /** IngestContext.sharedIds */
    private readonly sharedIds?: Map<string, IdNumber>,
    /** IngestContext.transient: no text is shared or detached */
    transient = false,
  ) {
    if (transient) this.kept = (text) => text;
    this.yesNoWords = classMap<'yes' | 'no'>({ yes: common.yes, no: common.no });
    this.stages = classMap<Stage>(common.stage);
    this.stagePrefixes = [...classMap<Stage>(common.stagePrefixes).entries()];
    const escaped = [...common.listSeparators].map((c) => c.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&')).join('');
    this.separators = new RegExp(`[${escaped}]+`);
  }

  has(field: string): boolean {
    return this.columns.has(field);
  }

  /** Fields of one prefix present in the file (per-measure columns). */
  fieldsStartingWith(prefix: string): string[] {
    return [...this.columns.keys()].filter((f) => f.startsWith(prefix));
  }

  cell(cells: Cell[], field: string): Cell {
    const index = this.columns.get(field)?.[0];
    return index === undefined ? null : (cells[index] ?? null);
  }

  /**
   * A text as a record keeps it: one string per distinct short value (a
   * city's records hold millions of copies of 参保缴费 or 户主 otherwise), a
   * longer one detached from the reader's chunk.
   */
  private kept = (text: string): string => (text.length >= SHARED_TEXT_LENGTH ? detach(text) : this.sharedTexts.share(text));

  /** Trimmed text, null when blank or absent. */
  text(cells: Cell[], field: string): string | null {
    const text = cellText(this.cell(cells, field));
    return text === '' ? null : this.kept(text);
  }

  /** Every non-blank cell of a multi-column field, as text. */
  texts(cells: Cell[], field: string): string[] {
    const out: string[] = [];
    for (const index of this.columns.get(field) ?? []) {
      const text = cellText(cells[index] ?? null);
      if (text !== '') out.push(text);
    }
    return out;
  }

  name(cells: Cell[], field: string): string {
    return normaliseName(this.text(cells, field));
  }

  id(cells: Cell[], field: string): IdNumber {
    const cell = this.cell(cells, field);
    const id = normaliseIdNumber(typeof cell === 'number' || cell === null ? cell : this.kept(cellText(cell)), this.asOf);
    return this.sharedIds === undefined ? id : shareId(this.sharedIds, id);
  }

  date(cells: Cell[], field: string): string | null {
    const cell = this.cell(cells, field);
    let value: string | null | undefined;
    if (typeof cell === 'string') {
      // most date cells are blank or YYYY-MM-DD: read without a regular expression or a look-up
      if (cell === '') return null;
      if (isPlainIsoDate(cell)) return this.kept(cell);
      // dates repeat: parsed once each, and every row shares the one string
      value = this.dates.get(cell);
      if (value === undefined && !this.dates.has(cell)) {
        value = parseDate(cell);
        if (this.dates.size < MAX_DATES) this.dates.set(cell, value);
      }
    } else value = parseDate(cell);
    if (value === undefined) {
      bump(this.unreadable, field);
      return null;
    }
    return value;
  }

  money(cells: Cell[], field: string): number | null {
    const value = parseMoney(this.cell(cells, field));
    if (value === undefined) {
      bump(this.unreadable, field);
      return null;
    }
    return value;
  }

  /** A whole year (`2023`, `2023年`); unreadable otherwise. */
  year(cells: Cell[], field: string): number | null {
    const text = this.text(cells, field);
    if (text === null) return null;
    const m = /^(\d{4})年?(?:度)?$/.exec(text.replace(/\s+/g, ''));
    if (!m) {
      bump(this.unreadable, field);
      return null;
    }
    return Number(m[1]);
  }

  /** Common yes/no words; anything else is unknown and counted. */
  yesNo(cells: Cell[], field: string): YesNo {
    const text = this.text(cells, field);
    if (text === null) return null;
    return this.yesNoOf(text, field);
  }

  yesNoOf(text: string, field: string): YesNo {
    const answer = this.yesNoWords.get(text.replace(/\s+/g, ''));
    if (answer) return answer;
    this.countOutOfVocabulary(field);
    return null;
  }

  /** A value looked up in a class map; blank → null; a value outside → null and counted. */
  lookup<T extends string>(cells: Cell[], field: string, classes: Map<string, T>): T | null {
    const text = this.text(cells, field);
    if (text === null) return null;
    const found = classes.get(text.replace(/\s+/g, ''));
    if (found === undefined) this.countOutOfVocabulary(field);
    return found ?? null;
  }

  /** A stage from a 在校生状况 / 学段 value; unknown values are counted. */
  stage(cells: Cell[], field: string): Stage | null {
    const text = this.text(cells, field);
    if (text === null) return null;
    const key = text.replace(/\s+/g, '');
    const found = this.stages.get(key) ?? this.stagePrefixes.find(([prefix]) => key.startsWith(prefix))?.[1];
    if (found === undefined) this.countOutOfVocabulary(field);
    return found ?? null;
  }

  countOutOfVocabulary(field: string): void {
    bump(this.outOfVocabulary, field);
  }

  /** The row's place from whichever place columns the file has. */
  place(cells: Cell[], extraCounty?: string | null): Place {
    const insured = extraCounty ?? null;
    const insuredIsCode = insured !== null && /^\d{6}(\d{6})?$/.test(insured);
    const names: PlaceNames = {
      city: this.text(cells, 'city') ?? undefined,
      county: this.text(cells, 'county') ?? (insured && !insuredIsCode ? insured : undefined),
      town: this.text(cells, 'town') ?? undefined,
      village: this.text(cells, 'village') ?? undefined,
      code: this.text(cells, 'regionCode') ?? (insuredIsCode ? insured : undefined),
    };
    const resolved = this.places.resolve(names);
    if (resolved.unresolved) this.unresolvedPlaces++;
    return resolved.place;
  }
}
