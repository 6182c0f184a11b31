/**
 * A 全国系统 member row → SystemMember. Both export layouts read into the same
 * fields: 2023 (享受低保政策情况 农村低保/城市低保/未享受, per-measure columns,
 * 致贫/返贫风险1…5) and older (是否享受低保 yes/no, one 帮扶措施 list, 风险类型).
 * Every row is kept however broken; only a row with no 户编号 and no ID is rejected.
 */
import type { HouseholdFields, LabourClass, SystemMember } from '../../model/records.js';
import { MEASURE_FIELD } from '../header.js';
import type { Cell } from '../normalise/text.js';
import { classMap, vocabClasses, vocabList, type SourceSchema } from '../source-schema.js';
import { HouseholdSharing } from '../shared-values.js';
import type { FieldReader } from './field-reader.js';
import type { RowMapper } from './mapper.js';

const POLICY_EXEMPT = '脱贫不享受政策户';
const POLICY_ENJOYS = '脱贫享受政策户';

export function systemMapper(schema: SourceSchema, fields: FieldReader): RowMapper {
  const labour = classMap<LabourClass>(vocabClasses(schema, 'labour'));
  const dibao = classMap<'rural' | 'urban' | 'none'>(vocabClasses(schema, 'dibao'));
  const tekun = classMap<'yes' | 'no'>(vocabClasses(schema, 'tekun'));
  const devFlag = classMap<'yes' | 'no'>(vocabClasses(schema, 'devAssistanceFlag'));
  const householdTypes = new Set(vocabList(schema, 'householdType'));
  const policyStatuses = new Set(vocabList(schema, 'policyStatus'));
  const monitorTypes = new Set(vocabList(schema, 'monitorType'));
  const riskTypes = new Set(vocabList(schema, 'riskTypes'));
  const eliminationModes = new Set(vocabList(schema, 'eliminationMode'));
  const statuses = new Set(vocabList(schema, 'status'));
  const measureCellNo = new Set(vocabList(schema, 'measureCellNo'));
  const measures = schema.measures ?? { developmentTypes: [], listItems: {}, itemsOfNoType: [] };
  const devTypes = new Set(measures.developmentTypes);
  const listItems = new Map(Object.entries(measures.listItems));
  const itemsOfNoType = new Set(measures.itemsOfNoType);
  const measureColumns = fields.fieldsStartingWith(MEASURE_FIELD).map((f) => ({ field: f, type: f.slice(MEASURE_FIELD.length) }));
  const split = (text: string) => text.split(fields.separators).map((s) => s.trim()).filter((s) => s !== '');

  /** A value from a plain vocabulary list: kept as written either way, counted when outside it. */
  const listed = (cells: Cell[], field: string, vocabulary: Set<string>): string | null => {
    const text = fields.text(cells, field);
    if (text !== null && !vocabulary.has(text)) fields.countOutOfVocabulary(field);
    return text;
  };

  const measuresOf = (cells: Cell[]): string[] => {
    const found = new Set<string>();
    for (const { field, type } of measureColumns) {
      const text = fields.text(cells, field);
      if (text === null || measureCellNo.has(text)) continue;
      // training alone is not a job or an industry: a development-type cell of only 技能培训/其他 does not count
      if (devTypes.has(type) && split(text).every((item) => itemsOfNoType.has(item))) continue;
      found.add(type);
    }
    const list = fields.text(cells, 'measureList');
    if (list !== null) {
      for (const item of split(list)) {
        const type = listItems.get(item);
        if (type) found.add(type);
        else if (!itemsOfNoType.has(item) && !measureCellNo.has(item)) {
          fields.countOutOfVocabulary('measureList');
          found.add(item);
        }
      }
    }
    return [...found];
  };

  const householdOf = (cells: Cell[]): HouseholdFields => {
    let householdType = listed(cells, 'householdType', householdTypes);
    let policyStatus: string | null = null;
    const policyText = fields.text(cells, 'policyStatus');
    if (policyText !== null) {
      if (policyStatuses.has(policyText)) policyStatus = policyText;
      else {
        const answer = fields.yesNoOf(policyText, 'policyStatus'); // 是否享受政策: 是/否
        policyStatus = answer === 'yes' ? POLICY_ENJOYS : answer === 'no' ? POLICY_EXEMPT : null;
      }
    }
    if (householdType === POLICY_EXEMPT) {
      householdType = '脱贫户';
      policyStatus = POLICY_EXEMPT;
    }
    // keeps the 脱贫 status visible when monitorType turns the household into a 监测户
    if (householdType === '脱贫户' && policyStatus === null) policyStatus = POLICY_ENJOYS;
    const monitorType = listed(cells, 'monitorType', monitorTypes);
    if (monitorType !== null) householdType = '监测户';

    const risks: string[] = [];
    for (const text of fields.texts(cells, 'riskTypes')) {
      for (const risk of split(text)) {
        if (!riskTypes.has(risk)) fields.countOutOfVocabulary('riskTypes');
        if (!risks.includes(risk)) risks.push(risk);
      }
    }
    const measureTypes = measuresOf(cells);
    const flagText = fields.text(cells, 'devAssistanceFlag');
    return {
      householdType,
      policyStatus,
      monitorType,
      identifiedAt: fields.date(cells, 'identifiedAt'),
      riskTypes: risks,
      riskEliminated: fields.yesNo(cells, 'riskEliminated'),
      eliminatedAt: fields.date(cells, 'eliminatedAt'),
      eliminationMode: listed(cells, 'eliminationMode', eliminationModes),
      noLabourHousehold: fields.yesNo(cells, 'noLabourHousehold'),
      measures: measureTypes,
      devMeasure: measureTypes.some((m) => devTypes.has(m)),
      devAssistanceFlag:
        flagText === null ? null : (devFlag.get(flagText.replace(/\s+/g, '')) ?? fields.yesNoOf(flagText, 'devAssistanceFlag')),
      income: fields.money(cells, 'income'),
    };
  };

  const dibaoOf = (cells: Cell[]): SystemMember['dibao'] => {
    const text = fields.text(cells, 'dibao');
    if (text === null) return null;
    const direct = dibao.get(text.replace(/\s+/g, ''));
    if (direct) return direct;
    const answer = fields.yesNoOf(text, 'dibao'); // older layout: 是否享受低保
    return answer === 'yes' ? 'rural' : answer === 'no' ? 'none' : null;
  };

  const tekunOf = (cells: Cell[]): SystemMember['tekun'] => {
    const text = fields.text(cells, 'tekun');
    if (text === null) return null;
    return tekun.get(text.replace(/\s+/g, '')) ?? fields.yesNoOf(text, 'tekun');
  };

  const households = new HouseholdSharing();
  let seq = 0;
  return (cells, origin) => {
    const householdId = households.id(fields.text(cells, 'householdId') ?? '');
    const id = fields.id(cells, 'idNumber');
    if (householdId === '' && id.status === 'blank') return 'HOUSEHOLD_AND_ID_MISSING';
    const sexText = fields.text(cells, 'sex');
    const status = listed(cells, 'status', statuses) ?? '正常';
    const member: SystemMember = {
      extractId: origin.extractId,
      file: origin.file,
      row: origin.row,
      seq: seq++,
      householdId,
      personId: fields.text(cells, 'personId'),
      name: fields.name(cells, 'name'),
      id,
      idType: fields.text(cells, 'idType'),
      relation: fields.text(cells, 'relation'),
      sex: sexText === null ? null : sexText.startsWith('男') ? '男' : sexText.startsWith('女') ? '女' : sexText,
      birthDate: fields.date(cells, 'birthDate'),
      stage: fields.stage(cells, 'studentStatus'),
      health: fields.text(cells, 'health'),
      labour: fields.lookup(cells, 'labour', labour),
      residentMedical: fields.yesNo(cells, 'residentMedical'),
      employeeMedical: fields.yesNo(cells, 'employeeMedical'),
      dibao: dibaoOf(cells),
      tekun: tekunOf(cells),
      status,
      living: status === '正常',
      place: fields.place(cells),
      household: households.fields(householdId, householdOf(cells)),
    };
    return member;
  };
}
