import { describe, expect, it } from 'vitest';
import { calendar, Rng } from '../src/index.js';

describe('Rng (sfc32)', () => {
  it('repeats its sequence for the same seed and stream', () => {
    const a = new Rng(42, 'store:1');
    const b = new Rng(42, 'store:1');
    expect(Array.from({ length: 50 }, () => a.nextUint32())).toEqual(Array.from({ length: 50 }, () => b.nextUint32()));
  });

  it('gives different sequences for another seed or another stream', () => {
    const first = (rng: Rng): number[] => Array.from({ length: 8 }, () => rng.nextUint32());
    const base = first(new Rng(42, 'store:1'));
    expect(first(new Rng(43, 'store:1'))).not.toEqual(base);
    expect(first(new Rng(42, 'store:2'))).not.toEqual(base);
  });

  it('draws uniforms in [0, 1) and normals with the requested mean and spread', () => {
    // Arrange
    const rng = new Rng(1, 'stats');
    const n = 20_000;

    // Act
    const uniforms = Array.from({ length: n }, () => rng.next());
    const normals = Array.from({ length: n }, () => rng.normal(10, 2));

    // Assert
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const mean = normals.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(normals.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });
});

describe('calendar', () => {
  it('finds Easter Sunday for known years', () => {
    expect(calendar.isoDateOf(calendar.easterSundayOf(2023))).toBe('2023-04-09');
    expect(calendar.isoDateOf(calendar.easterSundayOf(2024))).toBe('2024-03-31');
    expect(calendar.isoDateOf(calendar.easterSundayOf(2025))).toBe('2025-04-20');
  });

  it('moves salary day to the Friday before when the 25th is a weekend', () => {
    const holidays = new Set(calendar.publicHolidaysOf(2024).map((h) => h.epochDay));
    // 25 May 2024 was a Saturday.
    expect(calendar.isoDateOf(calendar.paydayOf(2024, 5, holidays))).toBe('2024-05-24');
    // 25 December is a holiday, 24 December 2024 a Tuesday.
    expect(calendar.isoDateOf(calendar.paydayOf(2024, 12, holidays))).toBe('2024-12-24');
  });

  it('numbers weekdays from Monday = 1 to Sunday = 7', () => {
    expect(calendar.isoWeekdayOf(calendar.epochDayOf('2024-12-23'))).toBe(1);
    expect(calendar.isoWeekdayOf(calendar.epochDayOf('2024-12-29'))).toBe(7);
  });

  it('rejects dates that do not exist', () => {
    expect(() => calendar.epochDayOf('2023-02-29')).toThrow(RangeError);
    expect(() => calendar.epochDayOf('29.02.2024')).toThrow(RangeError);
  });
});
