/**
 * The 全国系统 export, one row per member, in the 2023 layout (per-measure
 * columns, 致贫/返贫风险1…3, 享受低保政策情况) or the older one (one 帮扶措施
 * list column, one 风险类型 column, yes/no flags, 脱贫户属性).
 */
import type { Household, Person, Stage } from '../model.js';
import { renderDate, renderId, renderMoney, renderMonth, renderYesNo, Rotation } from '../messy.js';
import { shortVillageName } from '../regions.js';
import type { Cell } from '../writers.js';

const MEASURES_2023 = ['产业帮扶', '就业帮扶', '金融帮扶', '公益岗位帮扶', '健康帮扶', '义务教育保障', '教育帮扶', '住房安全保障', '饮水安全保障', '综合保障', '社会帮扶'];
const MEASURE_HEADERS_2023 = MEASURES_2023.map((m) => (m === '公益岗位帮扶' ? '公益岗位' : m === '产业帮扶' ? '产业帮扶*' : m));

export const SYSTEM_2023_HEADER = [
  '序号', '市', '县(市、区)', '乡(镇)', '村(社区)', '行政区划代码', '户编号', '人编号', '姓名', '证件类型', '证件号码\n(18位)',
  '与户主关系*', '性别', '出生日期', '在校生状况', '健康状况', '劳动技能', '是否参加城乡居民基本医疗保险', '是否参加城镇职工基本医疗保险',
  '享受低保政策情况', '享受特困供养政策情况', '户类型', '监测对象类别', '识别监测时间', '致贫/返贫风险1', '致贫/返贫风险2', '致贫/返贫风险3',
  '风险是否已消除', '消除监测时间', '风险消除方式', '整户无劳动能力兜底保障户', ...MEASURE_HEADERS_2023, '实施开发式帮扶措施情况',
  '人均纯收入（元）', '人员状态',
];

export const SYSTEM_OLD_HEADER = [
  '序号', '县', '乡镇', '行政村', '区划代码', '户编号', '人口编号', '成员姓名', '公民身份号码（18位）', '与户主关系', '性别', '出生日期',
  '在校生情况 ', '健康状况', '劳动能力', '是否参加新型农村合作医疗（城乡居民基本医疗保险）', '是否参加职工基本医疗保险', '是否享受低保',
  '是否特困供养人员', '户类型', '脱贫户属性', '监测类型', '纳入监测时间', '风险类型', '是否风险消除', '风险消除时间',
  '是否整户无劳动能力兜底保障户', '帮扶措施', '是否已实施开发式帮扶', '家庭年人均纯收入(元)', '成员状态',
];

const STAGE_2023: Record<Stage, string[]> = {
  NONE: ['非在校生', '', '非在校生'], PRESCHOOL: ['学前教育'], PRIMARY: ['小学', '小学三年级', '五年级'], JUNIOR: ['初中', '八年级'],
  SENIOR: ['普通高中', '普通高中二年级'], SECONDARY_VOC: ['中职', '中职一年级'], HIGHER_VOC: ['高职', '大专'], UNDERGRAD: ['本科', '本科二年级'],
};
const STAGE_OLD: Record<Stage, string[]> = {
  NONE: ['', '非在校生', '辍学'], PRESCHOOL: ['幼儿园', '学前教育'], PRIMARY: ['小学', '一年级', '小学四年级'], JUNIOR: ['初中', '初二', '九年级'],
  SENIOR: ['高中', '高一', '普通高中'], SECONDARY_VOC: ['中专', '技工学校', '职业高中'], HIGHER_VOC: ['高职高专', '专科'], UNDERGRAD: ['本科'],
};

/** Per-member rendering state: rotations keep messy forms spread over the file. */
export class SystemRenderer {
  private readonly ids = new Rotation(9, 'ids');
  private readonly dates = new Rotation(5, 'dates');
  private readonly months = new Rotation(11, 'months');
  private readonly money = new Rotation(6, 'money');
  private readonly yesNo = new Rotation(7, 'yesNo');
  private readonly villages = new Rotation(3, 'villages');
  private readonly variants = new Rotation(4, 'variants');
  private serial = 0;

  constructor(private readonly layout: '2023' | 'old', private readonly xlsx: boolean) {}

  get header(): string[] {
    return this.layout === '2023' ? SYSTEM_2023_HEADER : SYSTEM_OLD_HEADER;
  }

  rows(hh: Household): Cell[][] {
    return hh.members.map((p, i) => {
      const key = `${hh.id}:${i}:${p.id}`;
      for (const r of [this.ids, this.dates, this.months, this.money, this.yesNo, this.villages, this.variants]) r.row(key);
      return this.layout === '2023' ? this.row2023(hh, p, i) : this.rowOld(hh, p, i);
    });
  }

  private variant<T>(options: T[]): T {
    const form = this.variants.next(options.length);
    return options[form < 0 ? 0 : form] as T;
  }

  private idCell(p: Person): Cell {
    const text = p.systemIdText ?? p.id;
    return text === '' ? null : renderId(text, this.ids, !this.xlsx);
  }

  private personCells(p: Person): { name: Cell; relation: Cell; sex: Cell; birth: Cell; labour: Cell; resident: Cell } {
    const blank = new Set(p.blankFields ?? []);
    const birth = p.birthOverride ?? p.birth;
    const labour = this.layout === 'old' && p.labour === '普通劳动力' ? this.variant(['普通劳动力', '普通劳动']) : this.layout === 'old' && p.labour === '技能劳动力' ? this.variant(['技能劳动力', '技能劳动能力']) : p.labour;
    return {
      name: blank.has('name') ? null : p.name,
      relation: blank.has('relation') ? null : p.relation,
      sex: p.sexOverride ?? (p.male ? '男' : '女'),
      birth: renderDate(birth, this.dates, this.xlsx),
      labour: blank.has('labour') ? null : labour,
      resident: blank.has('residentMedical') ? null : renderYesNo(p.residentMedical, this.yesNo),
    };
  }

  private village(hh: Household): string {
    const form = this.villages.next(3);
    return shortVillageName(hh.village.name, form + 1);
  }

  private row2023(hh: Household, p: Person, i: number): Cell[] {
    const c = this.personCells(p);
    const type = hh.type === '监测户' ? (hh.policy ? '脱贫户' : this.variant(['监测户', '一般农户'])) : hh.type;
    const risks = [0, 1, 2].map((k) => hh.riskTypes[k] ?? null);
    const measures = MEASURES_2023.map((m) => {
      if (m === '就业帮扶' && hh.trainingOnly) return '技能培训';
      if (hh.measures.includes(m)) return this.variant(['是', '√', m === '产业帮扶' ? '光伏收益分红' : '已落实']);
      return this.variant([null, null, '否', '无', '0']);
    });
    this.serial += 1;
    return [
      this.serial, hh.county.city, hh.county.name, hh.town.name, this.village(hh), this.variant([hh.village.code, null]),
      hh.id, `${hh.id}${String(i + 1).padStart(2, '0')}`, c.name, p.idType ?? '居民身份证', this.idCell(p), c.relation, c.sex, c.birth,
      this.variant(STAGE_2023[p.stage]), p.health, c.labour, c.resident, renderYesNo(p.employeeMedical, this.yesNo),
      p.dibao === 'rural' ? '农村低保' : p.dibao === 'urban' ? '城市低保' : '未享受', p.tekun ? '农村特困' : '不享受',
      type, hh.monitorType, renderMonth(hh.identifiedAt, this.months), ...risks,
      hh.monitorType ? (hh.riskEliminated ? '是' : '否') : null, renderMonth(hh.eliminatedAt, this.months), hh.eliminationMode,
      hh.noLabour ? '是' : '否', ...measures, hh.devFlag ? '已实施' : this.variant(['尚未实施', '未实施']),
      renderMoney(hh.income, this.money), this.variant([p.status, p.status === '正常' ? null : p.status]),
    ];
  }

  private rowOld(hh: Household, p: Person, i: number): Cell[] {
    const c = this.personCells(p);
    const type = hh.type === '脱贫不享受政策户' ? '脱贫户' : hh.type === '监测户' ? (hh.policy ? '脱贫户' : '监测户') : hh.type;
    const policy = hh.type === '脱贫不享受政策户' ? '脱贫不享受政策户' : hh.policy;
    const separator = this.variant(['、', ',', '，', ';', '；']);
    const measureItems = hh.measures.map((m) => (m === '金融帮扶' ? this.variant(['金融帮扶', '小额信贷', '扶贫小额信贷']) : m === '就业帮扶' ? this.variant(['就业帮扶', '务工补贴', '以工代赈']) : m === '产业帮扶' ? this.variant(['产业帮扶', '产业奖补']) : m));
    if (hh.trainingOnly) measureItems.push('技能培训');
    this.serial += 1;
    return [
      this.serial, hh.county.name, hh.town.name, this.village(hh), this.variant([null, hh.village.code]),
      hh.id, `${hh.id}${String(i + 1).padStart(2, '0')}`, c.name, this.idCell(p), c.relation, c.sex, c.birth,
      this.variant(STAGE_OLD[p.stage]), p.health, c.labour, c.resident, renderYesNo(p.employeeMedical, this.yesNo),
      renderYesNo(p.dibao === 'rural' ? 'yes' : 'no', this.yesNo), renderYesNo(p.tekun ? 'yes' : 'no', this.yesNo),
      type, policy, hh.monitorType, renderMonth(hh.identifiedAt, this.months), hh.riskTypes.join(separator) || null,
      hh.monitorType ? renderYesNo(hh.riskEliminated ? 'yes' : 'no', this.yesNo) : null, renderMonth(hh.eliminatedAt, this.months),
      renderYesNo(hh.noLabour ? 'yes' : 'no', this.yesNo), measureItems.join(separator) || null,
      renderYesNo(hh.devFlag ? 'yes' : 'no', this.yesNo), renderMoney(hh.income, this.money), this.variant([p.status, p.status === '正常' ? null : p.status]),
    ];
  }
}
