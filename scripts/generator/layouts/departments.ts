/** The department files: 医保 (GB18030 CSV), 学籍 (XLSX or CSV), 低保 (CSV with BOM), 特困 (CSV), 研判台账 (XLSX or CSV). */
import type { AssessmentRow, DibaoRow, EducationRow, MedicalRow, RowPlace, TekunRow } from '../model.js';
import { renderDate, renderId, renderMoney, Rotation } from '../messy.js';
import { shortVillageName } from '../regions.js';
import type { Cell } from '../writers.js';

export const MEDICAL_HEADER = ['姓名*', '公民身份号码', '险种类型', '参保状态', '参保年度', '资助参保类别', '个人自付费用', '人员状态', '参保地', '乡镇', '村'];
export const EDUCATION_HEADER = ['序号', '学生姓名', '学生身份证号', '就读学校', '学段', '年级', '学籍状态', '县(市、区)*', '乡镇', '村'];
export const DIBAO_HEADER = ['县(市、区)*', '乡镇(街道)*', '村(社区)', '低保类型', '户主姓名', '户主身份证号', '成员姓名', '成员身份证号', '与户主关系', '批准日期', '申请日期\n（年月日）', '保障状态', '停保日期'];
export const TEKUN_HEADER = ['县(市、区)', '乡镇', '村', '姓名', '身份证号*', '供养方式', '审批日期', '申请日期（年月日）', '状态', '退出日期'];
export const ASSESSMENT_HEADER = ['序号', '户主姓名', '户主身份证号', '研判日期', '研判结论', '备注'];

/** Shared rotations per file so messy forms spread over its rows. */
export class DepartmentRenderer {
  private readonly ids = new Rotation(11, 'ids');
  private readonly dates = new Rotation(4, 'dates');
  private readonly money = new Rotation(5, 'money');
  private readonly villages = new Rotation(3, 'villages');
  private readonly places = new Rotation(7, 'places');
  private serial = 0;

  constructor(private readonly xlsx: boolean, private readonly countyCodes: ReadonlyMap<string, string>) {}

  private startRow(...key: Array<string | number | null>): void {
    const text = key.join('|');
    for (const r of [this.ids, this.dates, this.money, this.villages, this.places]) r.row(text);
  }

  private id(text: string): Cell {
    return text === '' ? null : renderId(text, this.ids, !this.xlsx);
  }

  private date(iso: string): Cell {
    return iso === '' ? null : renderDate(iso, this.dates, this.xlsx);
  }

  private village(place: RowPlace): string {
    return shortVillageName(place.village, this.villages.next(3) + 1);
  }

  medical(r: MedicalRow): Cell[] {
    this.startRow(r.idText, r.name, r.scheme, r.year);
    // 参保地 is a county name, sometimes its code
    const county = this.places.next(1) === 0 ? (this.countyCodes.get(r.place.county) ?? r.place.county) : r.place.county;
    return [r.name, this.id(r.idText), r.scheme, r.enrolStatus, r.year, r.subsidy || null, renderMoney(r.outOfPocket, this.money), r.status, county, r.place.town, this.village(r.place)];
  }

  education(r: EducationRow): Cell[] {
    this.startRow(r.idText, r.name, r.school);
    this.serial += 1;
    return [this.serial, r.name, this.id(r.idText), r.school, r.stage, r.grade || null, r.enrolStatus, r.place.county, r.place.town, this.village(r.place)];
  }

  dibao(r: DibaoRow): Cell[] {
    this.startRow(r.idText, r.name, r.headId);
    return [r.place.county, r.place.town, this.village(r.place), r.category, r.headName, this.id(r.headId), r.name, this.id(r.idText), r.relation,
      this.date(r.approvedAt), this.date(r.appliedAt), r.status || null, this.date(r.endedAt)];
  }

  tekun(r: TekunRow): Cell[] {
    this.startRow(r.idText, r.name);
    return [r.place.county, r.place.town, this.village(r.place), r.name, this.id(r.idText), r.mode, this.date(r.approvedAt), this.date(r.appliedAt), r.status || null, this.date(r.endedAt)];
  }

  assessment(r: AssessmentRow): Cell[] {
    this.startRow(r.headId, r.headName, r.assessedAt);
    this.serial += 1;
    return [this.serial, r.headName, this.id(r.headId), this.date(r.assessedAt), r.result, null];
  }
}
