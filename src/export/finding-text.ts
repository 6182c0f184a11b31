/**
 * How a finding reads in Chinese for county staff (workbook 问题/系统值/部门值
 * and the web page): the rule's title with a reason built from the finding's
 * fields, and codes (PRIMARY, residentMedical=no) as Chinese words. The
 * English `detail` stays as is in findings.csv, which other programs read.
 */
import type { FindingRow } from '../db/tables/ledger.js';
import { ruleTitle } from '../rules/catalogue.js';

type FindingFields = Pick<FindingRow, 'rule' | 'source' | 'system_value' | 'dept_value' | 'detail'>;

const STAGE_ZH: Record<string, string> = {
  NONE: '非在校生', PRESCHOOL: '学前教育', PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中',
  SECONDARY_VOC: '中职', HIGHER_VOC: '高职', UNDERGRAD: '本科', POSTGRAD: '研究生',
};

const FIELD_ZH: Record<string, string> = {
  residentMedical: '城乡居民医保', noLabourHousehold: '整户无劳动能力', riskEliminated: '风险消除',
  name: '姓名', relation: '与户主关系', labour: '劳动技能', sex: '性别', birth: '出生日期', id: '身份证号', id15: '15位身份证号',
};

const WORD_ZH: Record<string, string> = {
  yes: '是', no: '否', rural: '农村低保', urban: '城市低保', none: '无', able: '有劳动能力', weak: '弱劳动能力',
  true: '是', false: '否', ...STAGE_ZH,
  // roster statuses and medical schemes, as department values
  active: '在保', ended: '已退出', applying: '申请中', unknown: '状态不明', resident: '城乡居民医保', employee: '职工医保',
};

const SOURCE_ZH: Record<string, string> = { medical: '医保', education: '学籍', dibao: '低保', tekun: '特困' };

const ID_PROBLEM_ZH: Record<string, string> = {
  invalid: '号码格式、出生日期或校验位有误', lost: '号码被表格软件损坏', placeholder: '填的是占位号码', blank: '未填写',
};

/** `residentMedical=no` → `城乡居民医保：否`; `PRIMARY` → `小学`; Chinese text, names and ID numbers stay as they are. */
export function valueText(value: string): string {
  return value
    .replace(/\b(\d+) living 户主 of (\d+) living\b/g, '在世户主$1人，在世成员$2人')
    .replace(/\b([A-Za-z][A-Za-z0-9]*)=([^\s;,]*)/g, (_all, field: string, word: string) =>
      `${FIELD_ZH[field] ?? field}：${WORD_ZH[word] ?? (word || '空')}`)
    .replace(/\b[A-Za-z_]+\b/g, (word) => FIELD_ZH[word] ?? WORD_ZH[word] ?? word);
}

const number = (text: string, pattern: RegExp): string => pattern.exec(text)?.[1] ?? '';
const list = (text: string, separator: RegExp): string[] => text.split(separator).map((s) => s.trim()).filter(Boolean);

/** The reason part of the 问题 sentence; '' when the title says it all. */
function reason(f: FindingFields): string {
  const dept = SOURCE_ZH[f.source] ?? f.source;
  switch (f.rule) {
    case 'ID_INVALID': return ID_PROBLEM_ZH[number(f.detail, /\((\w+)\)$/)] ?? '';
    case 'ID_LEGACY_15': return '应升级为18位';
    case 'ID_DUPLICATE': return `同一身份证号登记在${list(f.system_value, /;/).length}个户中`;
    case 'ID_ATTR_MISMATCH': return `系统登记的${valueText(f.system_value)}`;
    case 'FIELD_MISSING': return `未填写${list(f.system_value, /,/).map((field) => FIELD_ZH[field] ?? valueText(field)).join('、')}`;
    case 'AGE_STAGE_IMPLAUSIBLE': return `系统为${valueText(f.detail.split(' ')[0] ?? '')}，年龄${number(f.detail, /age (\d+)/)}岁`;
    case 'NAME_MISMATCH': return `系统姓名与${dept}数据姓名不同${f.detail.includes('(同音)') ? '（同音）' : ''}`;
    case 'ID_TYPO_SUSPECTED': return `与${dept}数据身份证号仅差一两位`;
    case 'MATCH_AMBIGUOUS': return `${dept}记录可对应系统中多人`;
    case 'DECEASED_STILL_LISTED': return `${dept}数据标记死亡，系统人员状态为${valueText(f.system_value) || '空'}`;
    case 'MED_UNINSURED': return '医保数据中没有有效的参保记录';
    case 'MED_FLAG_MISMATCH': {
      const marked = /residentMedical=yes/.test(f.detail) ? '标注参加' : '标注未参加';
      const active = /resident active=true/.test(f.detail) ? '有' : '无';
      return `系统${marked}城乡居民医保，医保数据${active}有效的居民医保参保`;
    }
    case 'EDU_COMPULSORY_NOT_ENROLLED': return `义务教育适龄（${number(f.detail, /school age (\d+)/)}岁），学籍数据中没有在校记录`;
    case 'EDU_ENROLLED_NOT_RECORDED': return `学籍数据在校（${valueText(f.dept_value)}），系统为${valueText(f.system_value) || '空'}`;
    case 'EDU_RECORDED_NOT_ENROLLED': return `系统为${valueText(f.system_value)}，学籍数据中没有在校记录`;
    case 'EDU_STAGE_MISMATCH': return `系统为${valueText(f.system_value)}，学籍为${valueText(f.dept_value)}`;
    case 'DIBAO_NOT_RECORDED': return `低保数据在保，系统为${valueText(f.system_value) || '空'}`;
    case 'DIBAO_STALE': return '系统标注农村低保，低保数据中没有在保记录';
    case 'TEKUN_NOT_RECORDED': return `特困数据在册，系统为${valueText(f.system_value) || '空'}`;
    case 'TEKUN_STALE': return '系统标注特困，特困数据中没有在册记录';
    case 'HOUSEHOLD_HEAD_INVALID': {
      const [heads, living] = [number(f.detail, /^(\d+) living 户主/), number(f.detail, /of (\d+) living/)];
      return `在世户主${heads}人（在世成员${living}人）`;
    }
    case 'NONPOLICY_TO_VERIFY': return `户内有${list(valueText(f.system_value), /;/).join('、')}`;
    case 'DEV_ASSISTANCE_MISSING':
    case 'DEV_FLAG_UNMARKED': return f.system_value ? `帮扶措施：${valueText(f.system_value)}` : '未填写帮扶措施';
    case 'ELIMINATED_BELOW_LINE': return `人均纯收入${valueText(f.system_value)}元`;
    case 'NO_LABOUR_UNMARKED': return '户内在世成员均无劳动能力';
    case 'NO_LABOUR_MISMARKED': return `户内有${valueText(f.system_value).split(';').join('、')}成员`;
    case 'NO_LABOUR_ELIMINATED': return '';
    default: return '';
  }
}

/** The workbook's 问题 cell and the web page's 问题: `未参加基本医疗保险：医保数据中没有有效的参保记录`. */
export function problemText(finding: FindingFields): string {
  const why = reason(finding);
  return why ? `${ruleTitle(finding.rule)}：${why}` : ruleTitle(finding.rule);
}
