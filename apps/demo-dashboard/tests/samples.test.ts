/**
 * What the page offers to pick from, on the committed files: the footfall sample days
 * with the committed model's errors (the default is chosen by a rule, the worst miss
 * is named), and the "because you liked" neighbours from the recommender's catalog.
 */
import { loadFootfallModel } from '@serverless-ai/footfall-model';
import { describe, expect, it } from 'vitest';
import { loadFootfallSamples, loadRecommenderSamples, typicalDay } from '../src/samples.js';
import type { FootfallSampleDay } from '../src/shared/types.js';

describe('loadFootfallSamples', () => {
  const samples = loadFootfallSamples();
  const find = (key: { storeId: string; date: string }): FootfallSampleDay => samples.days.find((d) => d.storeId === key.storeId && d.date === key.date)!;

  it('records each day’s error as the committed model predicts it', () => {
    const model = loadFootfallModel();
    const day = samples.days[3]!;

    const [prediction] = model.predict(model.parseInput({ features: day.features })).predictions;

    expect(day.modelErrorPercent).toBeCloseTo(((prediction!.customersTomorrow - day.actualCustomersTomorrow) / day.actualCustomersTomorrow) * 100, 9);
  });

  it('opens on an ordinary day whose error is the median of the ordinary days, not on a holiday', () => {
    const opening = find(samples.defaultDay);
    const ordinary = samples.days.filter((d) => d.features.holidayTomorrow === 0 && d.features.dayBeforeHolidayTomorrow === 0 && d.features.dayAfterHolidayTomorrow === 0);
    const below = ordinary.filter((d) => Math.abs(d.modelErrorPercent) < Math.abs(opening.modelErrorPercent)).length;
    const above = ordinary.filter((d) => Math.abs(d.modelErrorPercent) > Math.abs(opening.modelErrorPercent)).length;

    expect(opening.targetHoliday).toBeNull();
    expect(ordinary).toContain(opening);
    expect(Math.abs(below - above)).toBeLessThanOrEqual(1);
  });

  it('names the public holiday a day predicts, and marks the largest miss of all', () => {
    const worst = find(samples.worstMissDay);
    const largest = Math.max(...samples.days.map((d) => Math.abs(d.modelErrorPercent)));

    expect(Math.abs(worst.modelErrorPercent)).toBe(largest);
    expect(samples.days.filter((d) => d.targetDate.endsWith('-12-25')).every((d) => d.targetHoliday === 'Christmas Day')).toBe(true);
    expect(samples.days.filter((d) => d.targetDate.endsWith('-12-28')).every((d) => d.targetHoliday === null)).toBe(true);
  });

  it('falls back to every day when none is ordinary', () => {
    const holidays = samples.days.filter((d) => d.features.holidayTomorrow === 1);

    expect(holidays.length).toBeGreaterThan(0);
    expect(holidays).toContain(typicalDay(holidays));
  });
});

describe('loadRecommenderSamples().becauseOf', () => {
  it('pairs each recommended catalog movie with the liked movie closest by cosine, and skips unknown ids', () => {
    // Arrange: two liked movies; recommending one of them must pair it with itself (cosine 1).
    const { samples, becauseOf } = loadRecommenderSamples();
    const [first, second] = samples.users[0]!.activity;

    // Act
    const because = becauseOf([first!.movieId, 999_999_999], [first!.movieId, second!.movieId]);

    // Assert
    expect(because).toHaveLength(1);
    expect(because[0]).toMatchObject({ movieId: first!.movieId, likedMovieId: first!.movieId });
    expect(because[0]!.similarity).toBeCloseTo(1, 5);
  });
});
