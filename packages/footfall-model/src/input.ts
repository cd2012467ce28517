/**
 * Turning an untrusted request body into feature vectors, or into one precise list of
 * everything that is wrong with it.
 *
 * Accepted bodies: `{ "features": row }` for one prediction, `{ "instances": [row, ...] }`
 * for 1 to 1,000. A row is either 100 numbers in `FEATURE_NAMES` order or an object with
 * exactly the 100 feature names as keys. The check is hand-written rather than a zod
 * union because a union reports each alternative's failures ("expected array, received
 * object" and 100 "required" issues); here every problem yields one issue with a path
 * such as `["instances", 2, "forecastTempMaxC"]`, and the list is capped so a garbage
 * batch cannot produce a megabyte of errors. Edit this file to accept another body shape.
 */
import type { InputIssue } from '@serverless-ai/model-interface';
import { InvalidInputError } from '@serverless-ai/model-interface';
import * as z from 'zod/mini';
import { FEATURE_COUNT, FEATURE_NAMES } from './features.js';

/** Most rows one request may carry; larger batches are refused before any row is read. */
export const MAX_BATCH_SIZE = 1000;

/** Most problems listed in one `InvalidInputError`; a final note says when more were cut. */
export const MAX_REPORTED_ISSUES = 100;

/** A row is either 100 numbers in FEATURE_NAMES order, or an object keyed by every feature name. */
export type FeatureRow = readonly number[] | Float64Array | Readonly<Record<string, number>>;

/** Validated input for `FootfallModel.predict`: one Float64Array of 100 values per row, in canonical order. */
export interface FootfallInput {
  rows: Float64Array[];
  /** True when the body used `instances`, so the reply lists predictions even for one row. */
  batch: boolean;
}

/** One prediction per input row, in the same order. */
export interface FootfallOutput {
  predictions: { customersTomorrow: number }[];
}

type Path = (string | number)[];

/** Collects issues up to the cap; `full` tells loops to stop early. */
class IssueList {
  readonly issues: InputIssue[] = [];
  private dropped = 0;

  add(path: Path, message: string): void {
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push({ path, message });
    else this.dropped++;
  }

  get full(): boolean {
    return this.issues.length >= MAX_REPORTED_ISSUES;
  }

  /** The issues, plus a note when some were cut. */
  finish(): InputIssue[] {
    if (this.dropped === 0 && !this.full) return this.issues;
    return [...this.issues, { path: [], message: `Only the first ${MAX_REPORTED_ISSUES} problems are listed; fix them and resend to see any others.` }];
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checkArrayRow(row: ArrayLike<unknown>, path: Path, issues: IssueList): Float64Array | null {
  const before = issues.issues.length;
  if (row.length !== FEATURE_COUNT) {
    issues.add(path, `Expected ${FEATURE_COUNT} numbers in FEATURE_NAMES order, got ${row.length}.`);
  }
  for (let i = 0; i < row.length && !issues.full; i++) {
    const value = row[i];
    if (!isFiniteNumber(value)) issues.add([...path, i], `Expected a finite number, got ${describe(value)}.`);
  }
  if (issues.issues.length !== before || issues.full) return null;
  return Float64Array.from(row as ArrayLike<number>);
}

// Name → position. Side by side, one Map lookup per key beat hasOwnProperty plus indexing a 100-key object by 1.2-1.3×.
const POSITION_OF = new Map<string, number>(FEATURE_NAMES.map((name, i) => [name, i]));

function checkObjectRow(row: Record<string, unknown>, path: Path, issues: IssueList): Float64Array | null {
  const before = issues.issues.length;
  const vector = new Float64Array(FEATURE_COUNT);
  const seen = new Uint8Array(FEATURE_COUNT);
  for (const key of Object.keys(row)) {
    if (issues.full) break;
    const index = POSITION_OF.get(key);
    if (index === undefined) {
      const lower = key.toLowerCase();
      const close = FEATURE_NAMES.find((name) => name.toLowerCase() === lower);
      issues.add([...path, key], close ? `Unknown feature name; did you mean "${close}"?` : 'Unknown feature name.');
      continue;
    }
    seen[index] = 1;
    const value = row[key];
    if (!isFiniteNumber(value)) {
      issues.add([...path, key], `Expected a finite number, got ${describe(value)}.`);
      continue;
    }
    vector[index] = value;
  }
  for (let i = 0; i < FEATURE_COUNT && !issues.full; i++) {
    if (seen[i] === 0) issues.add([...path, FEATURE_NAMES[i]!], 'Missing feature.');
  }
  return issues.issues.length === before && !issues.full ? vector : null;
}

function checkRow(row: unknown, path: Path, issues: IssueList): Float64Array | null {
  if (Array.isArray(row)) return checkArrayRow(row, path, issues);
  if (row instanceof Float64Array || row instanceof Float32Array) return checkArrayRow(row, path, issues);
  if (typeof row === 'object' && row !== null) return checkObjectRow(row as Record<string, unknown>, path, issues);
  issues.add(path, `Expected ${FEATURE_COUNT} numbers or an object keyed by feature name, got ${describe(row)}.`);
  return null;
}

/**
 * Checks a request body and returns the feature vectors, or every problem found (capped
 * at `MAX_REPORTED_ISSUES`). Never throws.
 */
export function checkFootfallInput(raw: unknown): { ok: true; input: FootfallInput } | { ok: false; issues: InputIssue[] } {
  const issues = new IssueList();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.add([], `Expected an object with "features" (one row) or "instances" (1 to ${MAX_BATCH_SIZE} rows), got ${describe(raw)}.`);
    return { ok: false, issues: issues.finish() };
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (key !== 'features' && key !== 'instances') issues.add([key], 'Unknown field; send only "features" or "instances".');
  }
  const hasFeatures = Object.prototype.hasOwnProperty.call(body, 'features');
  const hasInstances = Object.prototype.hasOwnProperty.call(body, 'instances');
  if (hasFeatures && hasInstances) {
    issues.add([], 'Send either "features" (one row) or "instances" (a list of rows), not both.');
    return { ok: false, issues: issues.finish() };
  }
  if (!hasFeatures && !hasInstances) {
    issues.add([], `Missing "features" (one row) or "instances" (1 to ${MAX_BATCH_SIZE} rows).`);
    return { ok: false, issues: issues.finish() };
  }

  const rows: Float64Array[] = [];
  if (hasFeatures) {
    const vector = checkRow(body.features, ['features'], issues);
    if (vector) rows.push(vector);
  } else {
    const instances = body.instances;
    if (!Array.isArray(instances)) {
      issues.add(['instances'], `Expected an array of 1 to ${MAX_BATCH_SIZE} rows, got ${describe(instances)}.`);
    } else if (instances.length === 0) {
      issues.add(['instances'], 'Expected at least 1 row, got an empty array.');
    } else if (instances.length > MAX_BATCH_SIZE) {
      issues.add(['instances'], `Expected at most ${MAX_BATCH_SIZE} rows, got ${instances.length}; split the batch.`);
    } else {
      for (let r = 0; r < instances.length && !issues.full; r++) {
        const vector = checkRow(instances[r], ['instances', r], issues);
        if (vector) rows.push(vector);
      }
    }
  }
  if (issues.issues.length > 0) return { ok: false, issues: issues.finish() };
  return { ok: true, input: { rows, batch: hasInstances } };
}

/**
 * Builds the zod schema that parses a raw `predict` request body (`{ features }` or
 * `{ instances }`) into `FootfallInput`, for `parseModelInput(model, raw)`, which turns
 * its issues into an `InvalidInputError`. It wraps `checkFootfallInput`, so both report
 * the same issues. A function, so that code which only calls `checkFootfallInput` (the
 * Lambda handler, through `FootfallModel.parseInput`) never constructs a zod schema.
 */
export function createFootfallInputSchema(): z.ZodMiniType<FootfallInput, unknown> {
  return z.pipe(
    z.unknown(),
    z.transform((raw: unknown, ctx) => {
      const result = checkFootfallInput(raw);
      if (result.ok) return result.input;
      for (const issue of result.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: raw });
      return z.NEVER;
    }),
  );
}

/** The request-body schema, built once when first imported (see `createFootfallInputSchema`). */
export const footfallInputSchema: z.ZodMiniType<FootfallInput, unknown> = /* @__PURE__ */ createFootfallInputSchema();

/**
 * Converts one row (array or object form) to a canonical Float64Array.
 * @throws InvalidInputError listing every problem with the row.
 */
export function toFeatureVector(row: FeatureRow): Float64Array {
  const issues = new IssueList();
  const vector = checkRow(row, [], issues);
  if (!vector) throw new InvalidInputError(issues.finish());
  return vector;
}
