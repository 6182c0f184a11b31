/**
 * What the generator knows about each household before it writes anything:
 * the truth (who lives where, born when, on which scheme) plus how each file
 * will show it. Cases (cases.ts) change these objects; layouts (layouts.ts)
 * render them as the departments' files do.
 */
import type { County, Town, Village } from './regions.js';

export type Stage = 'NONE' | 'PRESCHOOL' | 'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'SECONDARY_VOC' | 'HIGHER_VOC' | 'UNDERGRAD';
export type YesNo = 'yes' | 'no' | null;
export type Layout = '2023' | 'old';

export interface Person {
  name: string;
  /** the person's true, valid 18-character ID */
  id: string;
  male: boolean;
  birth: string;
  relation: string;
  stage: Stage;
  health: string;
  labour: string;
  status: '正常' | '死亡' | '迁出';
  residentMedical: YesNo;
  employeeMedical: YesNo;
  dibao: 'rural' | 'urban' | 'none';
  tekun: boolean;
  /** how the system shows the ID when it is not simply `id` (legacy, broken, placeholder, 残疾人证) */
  systemIdText?: string;
  idType?: string;
  /** sex / birth date written in the system when they disagree with the ID */
  sexOverride?: string;
  birthOverride?: string;
  /** required fields left blank in the system */
  blankFields?: Array<'name' | 'relation' | 'labour' | 'residentMedical'>;
}

export interface Household {
  id: string;
  county: County;
  town: Town;
  village: Village;
  layout: Layout;
  type: '脱贫户' | '监测户' | '一般农户' | '脱贫不享受政策户';
  /** 脱贫户属性 as the old layout writes it */
  policy: '脱贫享受政策户' | '脱贫不享受政策户' | null;
  monitorType: string | null;
  identifiedAt: string | null;
  riskTypes: string[];
  riskEliminated: boolean;
  eliminatedAt: string | null;
  eliminationMode: string | null;
  noLabour: boolean;
  measures: string[];
  devFlag: boolean;
  /** the 就业帮扶 entry is only 技能培训 (training alone is not a development measure) */
  trainingOnly?: boolean;
  income: number;
  members: Person[];
}

/** Where a department row says the person belongs (names as the department writes them). */
export interface RowPlace { county: string; town: string; village: string }

export interface MedicalRow {
  name: string; idText: string; scheme: '城乡居民基本医疗保险' | '职工基本医疗保险'; enrolStatus: string;
  year: number; subsidy: string; outOfPocket: number | null; status: string; place: RowPlace;
}
export interface EducationRow {
  name: string; idText: string; school: string; stage: string; grade: string; enrolStatus: string; place: RowPlace;
}
export interface DibaoRow {
  category: '农村低保' | '城市低保'; headName: string; headId: string; name: string; idText: string; relation: string;
  approvedAt: string; appliedAt: string; status: string; endedAt: string; place: RowPlace;
}
export interface TekunRow {
  name: string; idText: string; mode: '分散供养' | '集中供养'; approvedAt: string; appliedAt: string;
  status: string; endedAt: string; place: RowPlace;
}
export interface AssessmentRow { headName: string; headId: string; assessedAt: string; result: string }

/** Everything one step of the generator writes: system households and the department rows about them. */
export interface Batch {
  households: Household[];
  medical: MedicalRow[];
  education: EducationRow[];
  dibao: DibaoRow[];
  tekun: TekunRow[];
  assessment: AssessmentRow[];
}

export function emptyBatch(): Batch {
  return { households: [], medical: [], education: [], dibao: [], tekun: [], assessment: [] };
}

export interface GeneratorOptions {
  seed: number;
  scale: 'small' | 'city';
  night: 1 | 2;
  asOf: string;
  newSince: string;
  /** the current 参保年度 */
  medicalYear: number;
}

export function placeOf(h: Household): RowPlace {
  return { county: h.county.name, town: h.town.name, village: h.village.name };
}
