import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError, parseModelInput } from '../src/index.js';

const schema = z.object({ values: z.array(z.number().finite()).length(3), k: z.number().int().max(100) });

describe('parseModelInput', () => {
  it('returns typed input when the schema accepts it', () => {
    expect(parseModelInput({ inputSchema: schema }, { values: [1, 2, 3], k: 5 })).toEqual({ values: [1, 2, 3], k: 5 });
  });

  it('throws an InvalidInputError listing every problem with its path', () => {
    // Act
    let caught: unknown;
    try {
      parseModelInput({ inputSchema: schema }, { values: [1, Number.NaN], k: 1000 });
    } catch (err) {
      caught = err;
    }

    // Assert
    expect(caught).toBeInstanceOf(InvalidInputError);
    const paths = (caught as InvalidInputError).details.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['values.1', 'values', 'k']));
  });
});
