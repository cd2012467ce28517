import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_NAMES, FEATURES, isFeatureName, transformOf } from '../src/index.js';

describe('the feature catalogue', () => {
  it('lists exactly 100 features with unique camelCase names', () => {
    // Act
    const unique = new Set(FEATURE_NAMES);

    // Assert
    expect(FEATURES).toHaveLength(100);
    expect(FEATURE_COUNT).toBe(100);
    expect(unique.size).toBe(100);
    for (const name of FEATURE_NAMES) expect(name, `🚨 ${name} must be camelCase`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it('documents every feature with a unit, a one-sentence description and a known group', () => {
    const groups = new Set(['calendar', 'holidays', 'weather', 'promotions', 'events', 'paydays', 'store', 'history']);
    for (const feature of FEATURES) {
      expect(feature.unit.length, `${feature.name} needs a unit`).toBeGreaterThan(0);
      expect(feature.description, `${feature.name} needs a sentence`).toMatch(/^[A-Z0-9'].{10,}\.$/);
      expect(groups.has(feature.group), `${feature.name} has group ${feature.group}`).toBe(true);
    }
    expect(new Set(FEATURES.map((f) => f.group))).toEqual(groups);
  });

  it('keeps FEATURE_NAMES, FEATURE_INDEX and FEATURES in the same order', () => {
    FEATURES.forEach((feature, i) => {
      expect(FEATURE_NAMES[i]).toBe(feature.name);
      expect(FEATURE_INDEX[feature.name]).toBe(i);
    });
  });

  it('models customer counts on a log scale and everything else as is', () => {
    const logged = FEATURES.filter((f) => transformOf(f) === 'log1p').map((f) => f.name);
    expect(logged).toContain('customersLag1');
    expect(logged).toContain('customersMean28d');
    expect(logged).not.toContain('trendSlope28dPct');
    expect(logged.every((name) => name.startsWith('customers'))).toBe(true);
  });

  it('recognises feature names and rejects look-alikes and prototype keys', () => {
    expect(isFeatureName('customersLag7')).toBe(true);
    expect(isFeatureName('CustomersLag7')).toBe(false);
    expect(isFeatureName('toString')).toBe(false);
    expect(isFeatureName('__proto__')).toBe(false);
  });
});
