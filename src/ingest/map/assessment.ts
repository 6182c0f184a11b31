/** A 研判台账 row → AssessmentRecord; a row without the head's ID or a readable date is rejected. */
import type { AssessmentRecord } from '../../model/records.js';
import { vocabList, type SourceSchema } from '../source-schema.js';
import type { FieldReader } from './field-reader.js';
import type { RowMapper } from './mapper.js';

export function assessmentMapper(schema: SourceSchema, fields: FieldReader): RowMapper {
  const results = new Set(vocabList(schema, 'result'));
  return (cells, origin) => {
    const headId = fields.id(cells, 'headIdNumber');
    if (headId.status === 'blank') return 'ID_MISSING';
    const assessedAt = fields.date(cells, 'assessedAt');
    if (assessedAt === null) return 'DATE_MISSING';
    const result = fields.text(cells, 'result');
    if (result !== null && !results.has(result)) fields.countOutOfVocabulary('result');
    const record: AssessmentRecord = { extractId: origin.extractId,
      file: origin.file,
      row: origin.row, headName: fields.name(cells, 'headName'), headId, assessedAt, result };
    return record;
  };
}
