/**
 * Which catalog the task is sized for, from the CDK context: `-c movies=… -c dimensions=…`
 * together, or neither (then the committed catalog). One without the other is refused:
 * sizing multiplies the two, and silently borrowing the committed catalog's dimensions
 * for a different catalog would size the task for a model that is not the one deployed.
 *
 * Edit this file to change how the CDK app chooses the catalog it sizes for.
 */

/** A catalog's size, as `sizeTaskForCatalog` takes it. */
export interface CatalogSize {
  movies: number;
  dimensions: number;
}

/**
 * Reads `movies` and `dimensions` from context values (strings or numbers, or undefined).
 * @param committed loads the committed catalog's size; called only when neither is given.
 * @throws Error when only one of the two is given, or one is not a positive integer.
 */
export async function catalogFromContext(
  context: { movies?: unknown; dimensions?: unknown },
  committed: () => Promise<CatalogSize>,
): Promise<{ catalog: CatalogSize; source: 'context' | 'committed' }> {
  const given = (['movies', 'dimensions'] as const).filter((key) => context[key] !== undefined);
  if (given.length === 0) return { catalog: await committed(), source: 'committed' };
  if (given.length === 1) {
    const missing = given[0] === 'movies' ? 'dimensions' : 'movies';
    throw new Error(
      `-c ${given[0]}=… was given without -c ${missing}=…. The task is sized for movies × dimensions: give both, or neither to size it for the committed catalog.`,
    );
  }
  const parse = (key: 'movies' | 'dimensions'): number => {
    const value = Number(context[key]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`-c ${key} must be a positive integer, got ${JSON.stringify(context[key])}`);
    return value;
  };
  return { catalog: { movies: parse('movies'), dimensions: parse('dimensions') }, source: 'context' };
}
