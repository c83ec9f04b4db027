import { describe, expect, it } from 'vitest';
import { drawOrder, newDrawSeed } from './garden-draw.js';

const ids = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('the garden draw', () => {
  it('is reproducible from its seed, whatever order the applications are read in', () => {
    const seed = 'a1b2c3d4e5f60718';
    expect(drawOrder(seed, ids)).toEqual(drawOrder(seed, [...ids].reverse()));
    expect(new Set(drawOrder(seed, ids))).toEqual(new Set(ids));
  });

  it('gives another order with another seed, and fresh seeds differ', () => {
    expect(drawOrder('seed-number-one', ids)).not.toEqual(drawOrder('seed-number-two', ids));
    expect(newDrawSeed()).not.toBe(newDrawSeed());
    expect(newDrawSeed()).toMatch(/^[0-9a-f]{32}$/);
  });
});
