import { describe, expect, it } from 'vitest';
import { insidePolygon } from '@renderer/map/polygon';

describe('lasso geometry', () => {
  const square = [[0, 0], [10, 0], [10, 10], [0, 10]] as const;
  const ell = [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]] as const;
  it('holds points inside and not outside', () => {
    expect(insidePolygon(5, 5, square)).toBe(true);
    expect(insidePolygon(11, 5, square)).toBe(false);
    expect(insidePolygon(-1, -1, square)).toBe(false);
  });
  it('follows a concave outline', () => {
    expect(insidePolygon(2, 8, ell)).toBe(true);
    expect(insidePolygon(8, 8, ell)).toBe(false);
    expect(insidePolygon(8, 2, ell)).toBe(true);
  });
});
