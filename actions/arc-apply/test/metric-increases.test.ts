import { seededRandom } from '@gloriousflywheel/shared/stats';
import { describe, expect, it } from 'vitest';
import {
  bucketBounds,
  counterIncreases,
  drawBucket,
  perBucket,
  valueInBucket,
} from '../src/plan/metric-increases';

const series = (points: [number, number][]) => ({ labels: {}, points });

describe('counter increases from raw range values', () => {
  it('reads a series present at the baseline from its value there, not from zero', () => {
    expect(
      counterIncreases(
        series([
          [0, 40],
          [60, 41],
          [120, 41],
          [180, 44],
        ]),
        0,
      ),
    ).toEqual([
      [60, 1],
      [180, 3],
    ]);
  });

  it('counts a series that appears later from zero (a new listener pod)', () => {
    expect(
      counterIncreases(
        series([
          [120, 2],
          [180, 3],
        ]),
        0,
      ),
    ).toEqual([
      [120, 2],
      [180, 1],
    ]);
  });

  it('takes a drop for a reset and counts the new value, and bridges a gap from the last value', () => {
    expect(
      counterIncreases(
        series([
          [0, 10],
          [60, 12],
          [120, 1],
          [600, 4],
        ]),
        0,
      ),
    ).toEqual([
      [60, 2],
      [120, 1],
      [600, 3],
    ]);
  });
});

describe('histogram buckets', () => {
  const bounds = bucketBounds(
    ['+Inf', '5', '1', '10'].map((le) => ({ labels: { le }, points: [] as [number, number][] })),
  );

  it('sorts the bounds with +Inf last and turns cumulative counts into counts per bucket', () => {
    expect(bounds).toEqual([1, 5, 10, Number.POSITIVE_INFINITY]);
    expect(Array.from(perBucket([2, 2, 7, 9]))).toEqual([2, 0, 5, 2]);
    // A cumulative count below the one before (scrapes of the buckets a moment apart) is no bucket.
    expect(Array.from(perBucket([3, 2, 4]))).toEqual([3, 0, 1]);
  });

  it('draws inside a bucket and gives the +Inf bucket its lower bound', () => {
    const random = seededRandom(1);
    for (let k = 0; k < 100; k++) {
      const v = valueInBucket(bounds, 2, random);
      expect(v).toBeGreaterThanOrEqual(5);
      expect(v).toBeLessThanOrEqual(10);
    }
    expect(valueInBucket(bounds, 3, random)).toBe(10);
    expect(valueInBucket(bounds, 0, () => 0.5)).toBe(0.5);
  });

  it('draws buckets in proportion to their counts, and none from an empty histogram', () => {
    const random = seededRandom(2);
    const hits = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) hits[drawBucket([1, 0, 3, 0], random)!]!++;
    expect(hits[1]).toBe(0);
    expect(hits[3]).toBe(0);
    expect(hits[2]! / hits[0]!).toBeGreaterThan(2.5);
    expect(hits[2]! / hits[0]!).toBeLessThan(3.5);
    expect(drawBucket([0, 0], random)).toBeUndefined();
  });
});
