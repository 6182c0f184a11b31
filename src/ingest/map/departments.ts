/**
 * Department rows → MedicalRecord / EducationRecord / DibaoRecord /
 * TekunRecord. A blank ID rejects the row (ID_MISSING; for 低保 the member's
 * ID); a destroyed or invalid ID is kept (it matches by prefix or not at all).
 */
import type { DibaoRecord, EducationRecord, MedicalRecord, TekunRecord } from '../../model/records.js';
import { classMap, vocabClasses, vocabList, type SourceSchema } from '../source-schema.js';
import type { FieldReader } from './field-reader.js';
import type { RowMapper } from './mapper.js';
import { statusReader } from './roster-status.js';

const ID_MISSING = 'ID_MISSING';

export function medicalMapper(schema: SourceSchema, fields: FieldReader): RowMapper {
  const schemes = classMap<'resident' | 'employee'>(vocabClasses(schema, 'scheme'));
  const enrolment = statusReader(fields, 'enrolStatus', vocabClasses(schema, 'enrolStatus'));
  const deceasedWords = new Set(vocabList(schema, 'deceased'));
  return (cells, origin) => {
    const id = fields.id(cells, 'idNumber');
    if (id.status === 'blank') return ID_MISSING;
    const enrol = enrolment(cells);
    const personStatus = fields.text(cells, 'status');
    const deceased = personStatus !== null && deceasedWords.has(personStatus);
    const record: MedicalRecord = {
      extractId: origin.extractId,
      file: origin.file,
      row: origin.row,
      name: fields.name(cells, 'name'),
      id,
      place: fields.place(cells, fields.text(cells, 'insuredPlace')),
      scheme: fields.lookup(cells, 'scheme', schemes),
      active: enrol.status === 'active' && !deceased,
      enrolStatus: enrol.raw,
      year: fields.year(cells, 'year'),
      subsidyType: fields.text(cells, 'subsidyType'),
      outOfPocket: fields.money(cells, 'outOfPocket'),
      deceased,
    };
    return record;
  };
}

export function educationMapper(schema: SourceSchema, fields: FieldReader): RowMapper {
  const enrolment = statusReader(fields, 'enrolStatus', vocabClasses(schema, 'enrolStatus'));
  const deceasedWords = new Set(vocabList(schema, 'deceased'));
  return (cells, origin) => {
    const id = fields.id(cells, 'idNumber');
    if (id.status === 'blank') return ID_MISSING;
    const enrol = enrolment(cells);
    const record: EducationRecord = {
      extractId: origin.extractId,
      file: origin.file,
      row: origin.row,
      name: fields.name(cells, 'name'),
      id,
      place: fields.place(cells),
      school: fields.text(cells, 'school'),
      stage: fields.stage(cells, 'stage'),
      grade: fields.text(cells, 'grade'),
      active: enrol.status === 'active',
      enrolStatus: enrol.raw,
      deceased: enrol.raw !== null && deceasedWords.has(enrol.raw),
    };
    return record;
  };
}

export function dibaoMapper(schema: SourceSchema, fields: FieldReader): RowMapper {
  const categories = classMap<'rural' | 'urban'>(vocabClasses(schema, 'category'));
  const roster = statusReader(fields, 'status', vocabClasses(schema, 'status'));
  const deceasedWords = new Set(vocabList(schema, 'deceased'));
  return (cells, origin) => {
    const id = fields.id(cells, 'idNumber');
    if (id.status === 'blank') return ID_MISSING;
    const status = roster(cells);
    const record: DibaoRecord = {
      extractId: origin.extractId,
      file: origin.file,
      row: origin.row,
      name: fields.name(cells, 'name'),
      id,
      place: fields.place(cells),
      category: fields.lookup(cells, 'category', categories),
      headName: fields.name(cells, 'headName'),
      headId: fields.id(cells, 'headIdNumber'),
      relation: fields.text(cells, 'relation'),
      approvedAt: fields.date(cells, 'approvedAt'),
      appliedAt: fields.date(cells, 'appliedAt'),
      status: status.status,
      statusRaw: status.raw,
      endedAt: fields.date(cells, 'endedAt'),
      deceased: status.raw !== null && deceasedWords.has(status.raw),
    };
    return record;
  };
}

export function tekunMapper(schema: SourceSchema, fields: FieldReader): RowMapper {
  const modes = classMap<'dispersed' | 'centralised'>(vocabClasses(schema, 'mode'));
  const roster = statusReader(fields, 'status', vocabClasses(schema, 'status'));
  const deceasedWords = new Set(vocabList(schema, 'deceased'));
  return (cells, origin) => {
    const id = fields.id(cells, 'idNumber');
    if (id.status === 'blank') return ID_MISSING;
    const status = roster(cells);
    const record: TekunRecord = {
      extractId: origin.extractId,
      file: origin.file,
      row: origin.row,
      name: fields.name(cells, 'name'),
      id,
      place: fields.place(cells),
      mode: fields.lookup(cells, 'mode', modes),
      approvedAt: fields.date(cells, 'approvedAt'),
      appliedAt: fields.date(cells, 'appliedAt'),
      status: status.status,
      statusRaw: status.raw,
      endedAt: fields.date(cells, 'endedAt'),
      deceased: status.raw !== null && deceasedWords.has(status.raw),
    };
    return record;
  };
}
