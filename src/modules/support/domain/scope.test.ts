import { describe, expect, it } from 'vitest';
import { programmeCovers } from './scope.js';

describe('programme scope', () => {
  const airBel = { residenceId: 'r-airbel', residenceKind: 'ordinary' };
  const pension = { residenceId: 'r-pension', residenceKind: 'pension_de_famille' };
  it('an empty scope takes every residence, and a household without a dwelling', () => {
    const all = { residence_ids: [], residence_kinds: [] };
    expect(programmeCovers(all, airBel)).toBe('covered');
    expect(programmeCovers(all, null)).toBe('covered');
  });
  it('named residences: the household must live in one of them', () => {
    const scope = { residence_ids: ['r-pension'], residence_kinds: [] };
    expect(programmeCovers(scope, pension)).toBe('covered');
    expect(programmeCovers(scope, airBel)).toBe('outside');
    expect(programmeCovers(scope, null)).toBe('noDwelling');
  });
  it('residence types: the household’s residence must be of one of them', () => {
    const scope = { residence_ids: [], residence_kinds: ['pension_de_famille', 'shelter'] };
    expect(programmeCovers(scope, pension)).toBe('covered');
    expect(programmeCovers(scope, airBel)).toBe('outside');
    expect(programmeCovers(scope, { residenceId: 'r-x', residenceKind: null })).toBe('outside');
  });
  it('residences and types together: either one is enough', () => {
    const scope = { residence_ids: ['r-airbel'], residence_kinds: ['pension_de_famille'] };
    expect(programmeCovers(scope, airBel)).toBe('covered');
    expect(programmeCovers(scope, pension)).toBe('covered');
    expect(programmeCovers(scope, { residenceId: 'r-other', residenceKind: 'student' })).toBe('outside');
  });
});
