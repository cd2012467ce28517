/**
 * The last check a movie vector passes before it may reach the update log: the exact
 * Float32 values the index will store must be finite, of the catalog's dimension, and of
 * a sane length (norm).
 *
 * Why after the conversion: JSON numbers are doubles. `1e39` is finite as a double but
 * becomes `Infinity` as a float32, and hnswlib refuses it. Checked on the doubles, such a
 * vector passed validation, was fsynced, and then failed inside the index. Checked here,
 * on the bytes that are logged, it is a 400 and never touches the log.
 *
 * Edit this file to change what counts as a usable vector (then replay applies the same rule).
 */
import { InvalidInputError, type InputIssue } from '@serverless-ai/model-interface';

/**
 * Largest accepted Euclidean norm. Trained item vectors are orders of magnitude shorter
 * (a test checks the committed catalog's largest norm is at least 10× below this), and
 * with inner-product search a much longer vector would outrank every movie for every user
 * and bring float32 dot products towards overflow.
 */
export const MAX_VECTOR_NORM = 1000;

/** Every reason `vector` cannot be indexed, with paths under `field` (e.g. `embedding`). */
export function vectorIssues(vector: ArrayLike<number>, dimensions: number, field = 'embedding'): InputIssue[] {
  if (vector.length !== dimensions) return [{ path: [field], message: `Expected ${dimensions} numbers after conversion to float32, got ${vector.length}` }];
  const issues: InputIssue[] = [];
  let squares = 0;
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i]!;
    if (!Number.isFinite(value)) issues.push({ path: [field, i], message: `Not representable as a finite float32 (largest is about 3.4e38), got ${value}` });
    else squares += value * value;
  }
  if (issues.length > 0) return issues.slice(0, 20);
  const norm = Math.sqrt(squares);
  if (!(norm <= MAX_VECTOR_NORM)) issues.push({ path: [field], message: `The vector's norm is ${norm.toPrecision(3)}; at most ${MAX_VECTOR_NORM} is accepted` });
  return issues;
}

/** @throws InvalidInputError (400) unless `vector` is usable, see `vectorIssues`. */
export function assertUsableVector(vector: ArrayLike<number>, dimensions: number, field = 'embedding'): void {
  const issues = vectorIssues(vector, dimensions, field);
  if (issues.length > 0) throw new InvalidInputError(issues);
}
