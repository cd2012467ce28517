/**
 * Pins the generated data byte for byte, so moving or tidying the simulator
 * (src/going-further/) cannot change the world the committed model was trained on.
 * The digests were computed with the generator before it was split into a main-path
 * module and the going-further world simulator; a change to the world's rules must
 * update them on purpose (and retrain: `npm run generate && npm run train`).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateFootfallHistory, type FootfallHistory } from '../src/index.js';

/** SHA-256 over the dates, stores, holidays, daily counts and every dataset column. */
function digestOf(history: FootfallHistory): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ dates: history.dates, stores: history.stores, holidays: history.holidays }));
  const bytes = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (const counts of history.customers) hash.update(bytes(counts));
  const { features, customersTomorrow, storeIndex, dayIndex } = history.dataset;
  for (const column of [features, customersTomorrow, storeIndex, dayIndex]) hash.update(bytes(column));
  return hash.digest('hex');
}

describe('generateFootfallHistory output', () => {
  it('is byte-identical to the pinned digest for a small world (seed 7, 16 stores, 760 days)', () => {
    const history = generateFootfallHistory({ seed: 7, stores: 16, days: 760 });
    expect(digestOf(history)).toBe('e0817f299864e00b956d9c5d61d7e45e08670ac3e7c88b229a6521068fc2d1d7');
  });

  it('is byte-identical to the pinned digest for the default world the committed model was trained on', () => {
    const history = generateFootfallHistory();
    expect(history.dataset.rowCount).toBe(60 * (1096 - 1 - 391));
    expect(digestOf(history)).toBe('62af203f89b6dfc9fa4ed32a63e243fe7752df4e96c178c23fafa8caa3586d0e');
  });

  it('changes its digest when the seed changes', () => {
    expect(digestOf(generateFootfallHistory({ seed: 8, stores: 16, days: 760 }))).not.toBe(
      'e0817f299864e00b956d9c5d61d7e45e08670ac3e7c88b229a6521068fc2d1d7',
    );
  });
});
