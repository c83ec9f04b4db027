import { describe, expect, it } from 'vitest';
import { groupResidences, parseGrouping } from './grouping.js';
import { suppressGroups } from './suppression.js';

describe('grouping the dashboard’s residences', () => {
  it('reads ?group= leniently: agency, type and programme, anything else is by residence', () => {
    expect(parseGrouping('agency')).toBe('agency');
    expect(parseGrouping('type')).toBe('type');
    expect(parseGrouping('programme')).toBe('programme');
    for (const v of [undefined, null, '', 'AGENCY', 'landlord', 'Programme']) expect(parseGrouping(v)).toBe('residence');
  });

  it('gathers residences by agency, in name order, with those without an agency last', () => {
    const residences = [
      { agency: 'Reims Nord', kind: 'ordinary' },
      { agency: null, kind: 'student' },
      { agency: 'Épernay', kind: 'ordinary' },
      { agency: 'Reims Nord', kind: 'student' },
      { agency: '  ', kind: null },
    ];
    expect(groupResidences(residences, 'agency')).toEqual([
      { id: 'agency:Épernay', name: 'Épernay', members: [2] },
      { id: 'agency:Reims Nord', name: 'Reims Nord', members: [0, 3] },
      { id: 'agency:', name: null, members: [1, 4] },
    ]);
    expect(groupResidences(residences, 'type').map((g) => [g.name, g.members])).toEqual([
      ['ordinary', [0, 2]],
      ['student', [1, 3]],
      [null, [4]],
    ]);
  });
});

describe('small-number suppression of groups of residences', () => {
  it('hides a group under the threshold, and a group that holds exactly one hidden residence', () => {
    // 40: two hidden residences inside (their sum is all it gives back); 19: one hidden residence; 3: small.
    expect(suppressGroups([40, 19, 3, 0], [2, 1, 1, 0], 11)).toEqual([false, true, true, false]);
  });

  it('hides a second group holding hidden residences when only one such group is hidden', () => {
    // 19 hides one residence: with 25 and 30 shown, the residence view's total would give it back.
    expect(suppressGroups([19, 30, 25, 60], [1, 2, 3, 0], 11)).toEqual([true, false, true, false]);
  });

  it('never hides a group whose residences are all shown (its figure follows from them), nor zeros', () => {
    expect(suppressGroups([19, 30, 0], [1, 0, 0], 11)).toEqual([true, false, false]);
    expect(suppressGroups([0, 0], [0, 0], 11)).toEqual([false, false]);
  });

  it('keeps the floor of 5 whatever the threshold asked', () => {
    expect(suppressGroups([4, 6], [0, 0], 2)).toEqual([true, false]);
  });
});
