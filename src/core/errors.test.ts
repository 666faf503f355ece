import { describe, expect, it } from 'vitest';
import { didYouMean } from './errors.js';

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
