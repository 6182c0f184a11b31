/**
 * The stored form of a record (`record.data`): a JSON array of its fields in
 * a fixed order per kind, a third the size of the record as a JSON object,
 * so storing, loading and the database file all shrink. Left out: the origin
 * (the extract and row columns hold it), what an ID number's key already
 * says (birth date and sex), and the place, stored once per file in
 * `extract.places` and referred to by its position there. A system
 * household's fields are written with its first member; each member after
 * it that shared the same fields object holds 0 in their place, "the
 * household of the record before", so a file's records are decoded in file
 * order (as every reader does). Members of one household share one
 * household object again when loaded, as they did when parsed.
 * Data written before this form (a JSON object) still loads.
 */
import type { HouseholdFields, IdNumber, Place, RecordsByKind, SourceKind } from '../model/records.js';
import { HouseholdSharing, SharedTexts, keepId } from './shared-values.js';
import { birthDateOfKey, sexOfKey } from './normalise/id-number.js';
import type { AnyRecord } from './types.js';

type OriginField = 'extractId' | 'file' | 'row';
/** Every field of a kind but the origin, in stored order: the type lists them all, so a new field cannot be left out. */
type FieldOrder<K extends SourceKind> = Record<Exclude<keyof RecordsByKind[K], OriginField>, true>;

const FIELD_ORDER: { [K in SourceKind]: FieldOrder<K> } = {
  system: {
    seq: true, householdId: true, personId: true, name: true, id: true, idType: true, relation: true, sex: true, birthDate: true,
    stage: true, health: true, labour: true, residentMedical: true, employeeMedical: true, dibao: true, tekun: true, status: true,
    living: true, place: true, household: true,
  },
  medical: {
    name: true, id: true, place: true, scheme: true, active: true, enrolStatus: true, year: true, subsidyType: true, outOfPocket: true,
    deceased: true,
  },
  education: { name: true, id: true, place: true, school: true, stage: true, grade: true, active: true, enrolStatus: true, deceased: true },
  dibao: {
    name: true, id: true, place: true, category: true, headName: true, headId: true, relation: true, approvedAt: true, appliedAt: true,
    status: true, statusRaw: true, endedAt: true, deceased: true,
  },
  tekun: {
    name: true, id: true, place: true, mode: true, approvedAt: true, appliedAt: true, status: true, statusRaw: true, endedAt: true,
    deceased: true,
  },
  assessment: { headName: true, headId: true, assessedAt: true, result: true },
};

const HOUSEHOLD_ORDER: Record<keyof HouseholdFields, true> = {
  householdType: true, policyStatus: true, monitorType: true, identifiedAt: true, riskTypes: true, riskEliminated: true,
  eliminatedAt: true, eliminationMode: true, noLabourHousehold: true, measures: true, devMeasure: true, devAssistanceFlag: true,
  income: true,
};
const HOUSEHOLD_FIELDS = Object.keys(HOUSEHOLD_ORDER) as (keyof HouseholdFields)[];

/** How a field is stored: as it is, an ID number, a place (by position), the household fields. Decided once per kind, not per value. */
const enum Form {
  Plain,
  Id,
  Place,
  Household,
}

function formsOf(fields: readonly string[]): Form[] {
  return fields.map((field) =>
    field === 'id' || field === 'headId' ? Form.Id : field === 'place' ? Form.Place : field === 'household' ? Form.Household : Form.Plain,
  );
}

type Stored = unknown[];

/**
 * An ID as stored: a valid one (nearly every one) as its key alone, any other
 * as [key, status] or [key, status, prefix15]. Earlier versions wrote a valid
 * one as [key, "valid"], which still loads.
 */
function idValue(id: IdNumber): Stored | string {
  if (id.status === 'valid') return id.key;
  return id.prefix15 === undefined ? [id.key, id.status] : [id.key, id.status, id.prefix15];
}

/** What one load shares across its records (and files): see shared-values.ts. */
export interface DecodeShare {
  texts: SharedTexts;
  ids: Map<string, IdNumber>;
  /** birth dates by the number their 8 digits spell */
  birthDates: Map<number, string>;
}

/** Texts shared within one file, ID objects across the files that pass the same `ids`. */
export function decodeShare(ids = new Map<string, IdNumber>()): DecodeShare {
  return { texts: new SharedTexts(), ids, birthDates: new Map() };
}

function idOf(value: Stored | string, share: DecodeShare): IdNumber {
  const keyOnly = typeof value === 'string';
  const key = keyOnly ? value : (value[0] as string);
  const status = keyOnly ? 'valid' : (value[1] as IdNumber['status']);
  const prefix15 = keyOnly ? undefined : (value[2] as string | undefined);
  const known = share.ids.get(key);
  if (known !== undefined && known.status === status && known.prefix15 === prefix15) return known;
  let id: IdNumber;
  if (status === 'valid' || status === 'legacy15') id = { key, status, birthDate: birthDateOfKey(key, share.birthDates), sex: sexOfKey(key) };
  else id = prefix15 === undefined ? { key, status } : { key, status, prefix15 };
  // looked up once (a city night decodes four million IDs); a known object that reads otherwise stays
  return known === undefined ? keepId(share.ids, id) : id;
}

/**
 * A function making one object as one object literal with every field: V8
 * then keeps every field inside the object, as it does for a parsed record.
 * Adding fields one by one to `{ extractId, file, row }` puts the rest in a
 * second array. The field names are our own constants, never input.
 */
type ObjectMaker = (values: Stored, extractId?: string, file?: string, row?: number) => unknown;
function objectMaker(fields: readonly string[], withOrigin: boolean): ObjectMaker {
  const origin = withOrigin ? 'extractId: e, file: f, row: r, ' : '';
  return new Function('v', 'e', 'f', 'r', `return { ${origin}${fields.map((field, i) => `${field}: v[${i}]`).join(', ')} };`) as ObjectMaker;
}

/**
 * A function listing one object's fields in stored order as one array
 * literal of named reads, each value through its form's function if it has
 * one (`convert`): a loop of keyed reads over twenty names cost more
 * (README "Less work per row"). `undefined` is written as null by
 * JSON.stringify. The field names are our own constants, never input.
 */
function valuesLister(
  fields: readonly string[],
  forms: readonly Form[],
  convert: Partial<Record<Form, (value: never) => unknown>>,
): (object: unknown) => Stored {
  const names = [Form.Id, Form.Place, Form.Household];
  const items = fields.map((field, i) => (convert[forms[i]!] ? `f${forms[i]}(o.${field})` : `o.${field}`));
  return new Function(...names.map((form) => `f${form}`), `return (o) => [${items.join(', ')}];`)(...names.map((form) => convert[form])) as (
    object: unknown,
  ) => Stored;
}

export interface RecordEncoder {
  /** one record → its stored JSON text */
  encode(record: AnyRecord): string;
  /** the places referred to so far, for `extract.places` */
  placesJson(): string;
  /** the places first referred to since the last call (a file streamed to a decoder, chunk by chunk) */
  newPlaces(): Place[];
}

export function recordEncoder(kind: SourceKind): RecordEncoder {
  const fields = Object.keys(FIELD_ORDER[kind]);
  const forms = formsOf(fields);
  // places are shared objects (PlaceResolver): one entry per object
  const placeIndex = new Map<Place, number>();
  const places: Place[] = [];
  let placesTaken = 0;
  let lastHousehold: HouseholdFields | null = null;
  /** the record's household is the record before's (the same object: the mapper shares it) */
  let sameHousehold = false;
  let householdJson = '';
  // a system record's household comes last: written with a household's first member, put after the rest; the members after it keep the 0
  const householdLast = forms.indexOf(Form.Household) === fields.length - 1;
  if (forms.includes(Form.Household) && !householdLast) throw new Error(`${kind}: the household must be the last stored field`);
  // rows come sorted by village: most name the place the row before named
  let lastPlace: Place | null = null;
  let lastPlaceIndex = 0;
  const placeIndexOf = (place: Place): number => {
    if (place === lastPlace) return lastPlaceIndex;
    let index = placeIndex.get(place);
    if (index === undefined) {
      index = places.push(place) - 1;
      placeIndex.set(place, index);
    }
    lastPlace = place;
    lastPlaceIndex = index;
    return index;
  };
  const householdValues = valuesLister(HOUSEHOLD_FIELDS, HOUSEHOLD_FIELDS.map(() => Form.Plain), {});
  const householdMark = (household: HouseholdFields): number => {
    sameHousehold = household === lastHousehold;
    if (!sameHousehold) {
      lastHousehold = household;
      householdJson = JSON.stringify(householdValues(household));
    }
    return 0;
  };
  const valuesOf = valuesLister(fields, forms, { [Form.Id]: idValue, [Form.Place]: placeIndexOf, [Form.Household]: householdMark });
  return {
    encode(record) {
      const json = JSON.stringify(valuesOf(record));
      // `…,0]` → `…,<household>]`: the text JSON.stringify writes for the household in its place
      return householdLast && !sameHousehold ? `${json.slice(0, -2)}${householdJson}]` : json;
    },
    placesJson: () => JSON.stringify(places),
    newPlaces() {
      const taken = places.slice(placesTaken);
      placesTaken = places.length;
      return taken;
    },
  };
}

/**
 * Stored text → record, with the origin put back. `placesJson`: the
 * extract's `places` (null for data written before this form), or the array
 * itself, which the caller may go on filling (a file decoded as it is
 * parsed: see parse-thread-client.ts). `share`: one per load, so the
 * extracts of a night share their texts and IDs.
 */
export function recordDecoder(
  kind: SourceKind,
  extractId: string,
  file: string,
  placesJson: string | null | Place[],
  share: DecodeShare = decodeShare(),
): (row: number, data: string) => AnyRecord {
  const fields = Object.keys(FIELD_ORDER[kind]);
  const forms = formsOf(fields);
  const makeRecord = objectMaker(fields, true);
  const makeHousehold = objectMaker(HOUSEHOLD_FIELDS, false);
  const householdIdAt = fields.indexOf('householdId');
  const places = Array.isArray(placesJson)
    ? placesJson
    : ((placesJson ? JSON.parse(placesJson) : []) as Place[]).map((place) => Object.freeze(place));
  const legacyHead = `{"extractId":${JSON.stringify(extractId)},"file":${JSON.stringify(file)},"row":`;
  const { texts } = share;
  const shareText = (item: unknown) => (typeof item === 'string' ? texts.shareParsed(item) : item);
  const households = new HouseholdSharing();
  return (row, data) => {
    if (data.charCodeAt(0) === 123 /* { */) {
      // the JSON-object form of earlier versions
      return JSON.parse(data === '{}' ? `${legacyHead}${row}}` : `${legacyHead}${row},${data.slice(1)}`) as AnyRecord;
    }
    const values = JSON.parse(data) as Stored;
    for (let i = 0; i < fields.length; i++) {
      const value = values[i];
      const form = forms[i];
      if (form === Form.Plain) {
        values[i] = shareText(value);
      } else if (form === Form.Id) values[i] = idOf(value as Stored | string, share);
      else if (form === Form.Place) {
        const place = places[value as number];
        if (!place) throw new Error(`extract ${extractId} row ${row}: place ${String(value)} is not in the extract's places`);
        values[i] = place;
      } else {
        // shared as the system mapper shares them (householdId comes first in the stored order)
        const householdId = (values[householdIdAt] = households.id(values[householdIdAt] as string));
        if (value === 0) {
          // the household of the record before (written once per household)
          const previous = households.previousFields(householdId);
          if (!previous) throw new Error(`extract ${extractId} row ${row}: its household is the row before's, which is another household`);
          values[i] = previous;
        } else {
          const stored = value as Stored;
          values[i] = households.fields(householdId, makeHousehold(stored.map((item) => (Array.isArray(item) ? item.map(shareText) : shareText(item)))) as HouseholdFields);
        }
      }
    }
    return makeRecord(values, extractId, file, row) as AnyRecord;
  };
}
