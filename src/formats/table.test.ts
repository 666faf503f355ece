import { describe, expect, it } from 'vitest';
import { alignedLines, displayWidth, fmt, oneLine, scaleDigits, textTable } from './table.js';

describe('textTable', () => {
  it('counts East Asian wide characters as two columns, so CJK rows line up', () => {
    expect(displayWidth('贸易')).toBe(4);
    expect(displayWidth('ｔａｒｉｆｆ')).toBe(12); // fullwidth
    expect(displayWidth('e\u0301')).toBe(1); // a combining accent takes no column
    const t = textTable([{ header: 'issue' }, { header: 'value', align: 'right' }], [['贸易协定', '1'], ['Trade deal', '22']]).split('\n');
    expect(displayWidth(t[2]!)).toBe(displayWidth(t[3]!));
    expect(t[2]).toBe('贸易协定        1'); // 8 columns + 2 of padding, then the value column
  });
  it('turns line breaks in cells into spaces', () => {
    const t = textTable([{ header: 'a\nb' }, { header: 'c' }], [['one\ntwo', 'x']]);
    expect(t.split('\n')).toHaveLength(4); // header, rule, one row, final newline
    expect(t).toMatch(/^one two {2}x$/m);
    expect(oneLine('a\r\nb\tc')).toBe('a b c');
  });
  it('alignedLines pads names by display width', () => {
    const [a, b] = alignedLines([['贸易', '1'], ['Trade deal', '2']]);
    expect(a).toBe('  贸易        1');
    expect(displayWidth(a!)).toBe(displayWidth(b!));
  });
});

describe('numbers', () => {
  it('gives a scale as many decimals as its width needs: 1 on 0–100, 3 on −1..1, 0 on 0–1000', () => {
    expect(scaleDigits({ min: 0, max: 100 })).toBe(1);
    expect(scaleDigits({ min: -1, max: 1 })).toBe(3);
    expect(scaleDigits({ min: 0, max: 10 })).toBe(2);
    expect(scaleDigits({ min: 0, max: 1000 })).toBe(0);
    expect(scaleDigits({ min: 0, max: 100 }, 2)).toBe(2);
    expect(scaleDigits(undefined)).toBe(1);
    expect(fmt(0.2346, scaleDigits({ min: -1, max: 1 }))).toBe('0.235');
  });
  it('never prints "-0"', () => {
    expect(fmt(-0.01)).toBe('0');
  });
});
