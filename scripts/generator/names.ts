/**
 * Realistic Chinese names: common surnames weighted roughly by their national
 * frequency (per mille), and given names by sex, as seen in Shandong's rural
 * registers (one- and two-character, the older generation's 秀英 / 桂兰 / 建国).
 * Our own small lists: no reference data is loaded at run time.
 */
import type { Prng } from './prng.js';

const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 75], ['李', 74], ['张', 70], ['刘', 53], ['陈', 46], ['杨', 32], ['赵', 23], ['黄', 22],
  ['周', 21], ['吴', 21], ['徐', 17], ['孙', 16], ['马', 15], ['胡', 14], ['朱', 14], ['郭', 13],
  ['何', 12], ['罗', 11], ['高', 11], ['林', 10], ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 8],
  ['唐', 7], ['许', 7], ['韩', 7], ['邓', 7], ['冯', 7], ['曹', 6], ['彭', 6], ['曾', 6],
  ['肖', 6], ['田', 5], ['董', 5], ['潘', 5], ['袁', 5], ['蔡', 5], ['蒋', 5], ['余', 5],
  ['于', 5], ['杜', 5], ['叶', 4], ['程', 4], ['魏', 4], ['苏', 4], ['吕', 4], ['丁', 4],
  ['任', 4], ['卢', 4], ['姚', 4], ['沈', 4], ['钟', 3], ['姜', 3], ['崔', 3], ['谭', 3],
  ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3], ['石', 3], ['金', 3], ['韦', 3], ['贾', 3],
  ['夏', 3], ['付', 3], ['方', 3], ['邹', 2], ['熊', 2], ['白', 2], ['孟', 2], ['秦', 2],
  ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2],
  ['龙', 2], ['黎', 2], ['史', 2], ['陶', 2], ['贺', 2], ['毛', 2], ['郝', 2], ['顾', 2],
  ['龚', 2], ['邵', 2], ['万', 2], ['覃', 1], ['武', 2], ['钱', 2], ['戴', 2], ['严', 2],
  ['莫', 1], ['孔', 1], ['牛', 1], ['齐', 1], ['庞', 1], ['葛', 1], ['隋', 1], ['衣', 1],
  ['刁', 1], ['鞠', 1], ['栾', 1], ['宫', 1], ['司马', 0.2], ['欧阳', 0.2], ['诸葛', 0.1],
];

const MALE_GIVEN = [
  '伟', '勇', '杰', '军', '涛', '强', '磊', '超', '平', '波', '鹏', '辉', '斌', '明', '飞', '刚', '浩', '亮',
  '凯', '健', '峰', '建国', '建华', '建军', '国庆', '志强', '永刚', '海涛', '振华', '新民', '玉成', '玉山',
  '长青', '庆丰', '德胜', '传富', '广田', '立新', '宝山', '金良', '文祥', '学军', '春生', '子豪', '宇航',
  '浩然', '俊杰', '一鸣', '梓轩', '博文', '家豪', '明轩', '天佑', '兆华', '德明', '洪亮', '连生',
];
const FEMALE_GIVEN = [
  '秀英', '敏', '静', '丽', '艳', '娟', '燕', '芳', '秀兰', '玉兰', '玲', '桂英', '桂兰', '红', '霞', '萍',
  '秀珍', '娜', '梅', '婷', '莉', '玉珍', '玉梅', '玉英', '兰英', '红梅', '雪', '慧', '海燕', '琴', '凤英',
  '春花', '秀云', '翠兰', '金凤', '淑珍', '爱华', '晓燕', '丽娟', '美玲', '欣怡', '梓涵', '诗雨', '雨欣',
  '子涵', '一诺', '思彤', '佳怡', '若曦', '玉华', '玉芝', '素芳', '月娥',
];

/**
 * Same toneless pinyin, different character (同音字): what a clerk types
 * when hearing a name. Only characters with one common reading.
 */
export const HOMOPHONES: Readonly<Record<string, string>> = {
  伟: '卫', 丽: '莉', 静: '婧', 军: '君', 明: '铭', 红: '宏', 芳: '方', 刚: '钢', 磊: '垒', 杰: '洁',
  涛: '韬', 建: '健', 平: '萍', 兰: '岚', 玲: '龄', 霞: '侠', 燕: '艳', 梅: '玫', 英: '瑛', 峰: '锋',
  辉: '晖', 娟: '鹃', 敏: '民', 斌: '彬', 凤: '风', 华: '桦', 珍: '真', 鹏: '朋', 浩: '皓', 亮: '谅',
  强: '墙', 超: '钞', 勇: '永', 凯: '铠', 琴: '勤', 雪: '薛', 慧: '惠', 娜: '纳', 婷: '亭', 萍: '平',
};

/** Look-alike characters with a different reading (形近字): a typo in a 3+ character name. */
export const LOOKALIKES: Readonly<Record<string, string>> = {
  玉: '王', 王: '玉', 大: '太', 天: '夫', 未: '末', 土: '士', 己: '已', 田: '由', 申: '甲', 千: '干',
  春: '椿', 生: '牛', 新: '薪', 金: '全', 文: '丈', 学: '觉', 宝: '室', 广: '厂', 立: '丘', 长: '仓',
};

const SURNAME_LIST = SURNAMES.map(([s]) => s);
const SURNAME_WEIGHTS = SURNAMES.map(([, w]) => w);

export function pickSurname(rng: Prng): string {
  return rng.weighted(SURNAME_LIST, SURNAME_WEIGHTS);
}

export function pickGiven(rng: Prng, male: boolean): string {
  return rng.pick(male ? MALE_GIVEN : FEMALE_GIVEN);
}

/** The name with one character swapped for a homophone; null when none of its characters has one. */
export function homophoneOf(name: string): string | null {
  for (let i = name.length - 1; i >= 1; i--) {
    const alt = HOMOPHONES[name[i] as string];
    if (alt) return name.slice(0, i) + alt + name.slice(i + 1);
  }
  return null;
}

/** The name with one character swapped for a look-alike of another reading; null when it has none. */
export function lookalikeOf(name: string): string | null {
  for (let i = name.length - 1; i >= 1; i--) {
    const alt = LOOKALIKES[name[i] as string];
    if (alt) return name.slice(0, i) + alt + name.slice(i + 1);
  }
  return null;
}

/** A three-character name that has a look-alike typo (for the 形近字 cases). */
export function pickLookalikeProneName(rng: Prng, surname: string, male: boolean): string {
  const given = male ? rng.pick(['玉成', '玉山', '春生', '宝山', '金良', '立新', '广田', '长青', '学军', '文祥'])
    : rng.pick(['玉兰', '玉梅', '玉珍', '玉英', '玉华', '玉芝', '春花', '金凤']);
  return surname + given;
}
