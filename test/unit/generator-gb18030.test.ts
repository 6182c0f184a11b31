/** The in-process GB18030 encoder writes exactly what the system's iconv writes. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../scripts/generator/gb18030.js';

describe('encodeGb18030', () => {
  it('matches iconv on names, full-width digits, brackets, ideographic and no-break spaces', () => {
    const text = '姓名*,公民身份号码\r\n欧阳玉兰,３７０７２４１９８００１０１１２３ｘ,人均纯收入（元）,\u3000371722\u00a0,7100元,“引号”·\r\n';
    const viaIconv = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
    const ours = encodeGb18030(text);
    expect(ours.equals(viaIconv)).toBe(true);
    expect(new TextDecoder('gb18030').decode(ours)).toBe(text);
  });
});
