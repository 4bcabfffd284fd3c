import type { Period } from '../../workflows/clocks.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A whole number 0–9999 in Chinese numerals (十五, 一百零二), as written in legal texts. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`chineseNumber: ${n}`);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n === 10 ? '' : DIGITS[n - 10]}`;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d] + unit;
  });
  return out;
}

/** A period as the law writes it: 两个月, 十五日, 一个月. */
export function periodText(p: Period): string {
  if ('months' in p) return p.months === 2 ? '两个月' : `${chineseNumber(p.months)}个月`;
  return `${chineseNumber(p.days)}日`;
}

/** A legal date (YYYY-MM-DD) as GB/T 9704 writes the 成文日期: 2026年11月20日 (Arabic numerals). */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Items of a list as printed in a document: （一）…（二）… */
export function listMarker(index: number): string {
  return `（${chineseNumber(index + 1)}）`;
}

/** Section heading numbers: 一、二、三、 */
export function headingMarker(index: number): string {
  return `${chineseNumber(index + 1)}、`;
}
