import { describe, expect, it } from 'vitest';
import { didYouMean, plural, pluralWord } from './errors.js';

describe('didYouMean', () => {
  it('suggests the closest name for a typo, case-insensitively', () => {
    expect(didYouMean('compromize', ['compromise', 'median', 'nash'])).toBe('compromise');
    expect(didYouMean('NASH', ['compromise', 'median', 'nash'])).toBe('nash');
  });
  it('suggests the one name a shortened word starts with, or else contains', () => {
    expect(didYouMean('fentanyl', ['fentanyl_tariff', 'rare_earths', 'soybeans'])).toBe('fentanyl_tariff');
    expect(didYouMean('earths', ['fentanyl_tariff', 'rare_earths', 'soybeans'])).toBe('rare_earths');
  });
  it('suggests nothing when nothing is close or the short form is ambiguous', () => {
    expect(didYouMean('xyz', ['compromise', 'median'])).toBeUndefined();
    expect(didYouMean('tariff', ['fentanyl_tariff', 'reciprocal_tariff'])).toBeUndefined();
    expect(didYouMean('tariff', ['fentanyl_tariff', 'tariff_threat'])).toBe('tariff_threat'); // a prefix before a substring
    expect(didYouMean('so', ['soybeans'])).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });
  it('reads the candidates once, so a generator works', () => {
    function* names() {
      yield 'fentanyl_tariff';
      yield 'soybeans';
    }
    expect(didYouMean('fentanyl', names())).toBe('fentanyl_tariff');
  });
});

describe('plural', () => {
  it('agrees the noun with the count, with irregular plurals and a shown number', () => {
    expect(plural(1, 'issue')).toBe('1 issue');
    expect(plural(0, 'draw')).toBe('0 draws');
    expect(plural(3, 'round')).toBe('3 rounds');
    expect(plural(1, 'party', 'parties')).toBe('1 party');
    expect(plural(2, 'party', 'parties')).toBe('2 parties');
    expect(plural(10000, 'draw', undefined, '10,000')).toBe('10,000 draws');
    expect(pluralWord(1, 'strategy', 'strategies')).toBe('strategy');
  });
});
