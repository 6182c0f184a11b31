/**
 * Values a night's records hold by the million and share: one string per
 * distinct short text (参保缴费, 户主, a common name, a date), one IdNumber
 * per ID across files, one household object per household. Parsing
 * (FieldReader, the system mapper) and loading from the store (record-codec)
 * both go through here, so a record costs the same either way.
 */
import type { HouseholdFields, IdNumber } from '../model/records.js';

/**
 * Texts this short are shared; longer ones (IDs, addresses) rarely repeat.
 * At most 13, V8's SlicedString::kMinLength: a shorter string is never a view
 * into the text it was cut from, so a shared text pins no reader's chunk.
 */
export const SHARED_TEXT_LENGTH = 13;
/**
 * V8's JSON.parse (Node 20's, measured; record-codec.test.ts checks it) makes each string value of
 * up to 10 characters an internalized string, one copy per distinct text:
 * decoded texts that short are shared already (measured: a million parsed
 * copies of 参保缴费 cost no memory, of an 11-character text 40 MB).
 */
const JSON_PARSE_SHARED_LENGTH = 10;
/** Distinct texts kept per file: statuses and dates repeat by the million, the tail of rare names need not be kept. */
const MAX_SHARED_TEXTS = 200_000;

export class SharedTexts {
  private readonly texts = new Map<string, string>();

  /** The one copy of a short text seen before (the text itself the first time); longer texts as they are. */
  share(text: string): string {
    if (text.length >= SHARED_TEXT_LENGTH) return text;
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    if (this.texts.size < MAX_SHARED_TEXTS) this.texts.set(text, text);
    return text;
  }

  /** share() for a text JSON.parse made: one that short is shared already, without a look-up per value (a city night decodes tens of millions). */
  shareParsed(text: string): string {
    return text.length <= JSON_PARSE_SHARED_LENGTH ? text : this.share(text);
  }
}

/**
 * The IdNumber object already seen for this key when it read the same way
 * (records never change an IdNumber, so sharing is safe), else `id`, kept
 * for the next (keepId).
 */
export function shareId(ids: Map<string, IdNumber>, id: IdNumber): IdNumber {
  if (id.key.length !== 18) return id;
  const known = ids.get(id.key);
  if (known === undefined) return keepId(ids, id);
  return known.status === id.status && known.prefix15 === id.prefix15 ? known : id;
}

/** Keeps `id` for the next record of its key, which the caller found no object for. Only 18-character keys: placeholders and blanks are not a person. */
export function keepId(ids: Map<string, IdNumber>, id: IdNumber): IdNumber {
  if (id.key.length === 18) ids.set(id.key, id);
  return id;
}

/**
 * Members of one household come one after another with the same household
 * fields: they share one household-ID string and one fields object (a city
 * has a million members and a third as many households).
 */
export class HouseholdSharing {
  private previous: { householdId: string; fields: HouseholdFields } | null = null;

  /** the member before's string when it is the same household */
  id(householdId: string): string {
    return this.previous !== null && this.previous.householdId === householdId ? this.previous.householdId : householdId;
  }

  /** the member before's fields when it is of this household, else null */
  previousFields(householdId: string): HouseholdFields | null {
    return this.previous !== null && this.previous.householdId === householdId ? this.previous.fields : null;
  }

  /** the member before's object when the same household with the same fields, else `fields` (kept for the next) */
  fields(householdId: string, fields: HouseholdFields): HouseholdFields {
    const previous = this.previous;
    if (previous !== null && previous.householdId === householdId && sameHousehold(previous.fields, fields)) return previous.fields;
    this.previous = { householdId, fields };
    return fields;
  }
}

/** Field by field (lists item by item): every field, so a field added to HouseholdFields is compared too. */
function sameHousehold(a: HouseholdFields, b: HouseholdFields): boolean {
  for (const key of Object.keys(a) as (keyof HouseholdFields)[]) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((item, i) => item !== y[i])) return false;
  }
  return true;
}
