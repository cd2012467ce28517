/**
 * The `Model` contract both reference implementations fulfil.
 *
 * It is deliberately small: an identity, a model card, a zod schema that turns
 * untrusted input into typed input, and `predict`. The footfall predictor maps
 * feature vectors to numbers; the recommender maps recent activity to a ranked
 * list. Apps only ever talk to this interface plus `parseModelInput`, which is why
 * the same HTTP error handling fits both.
 */
import { safeParse, type $ZodError, type $ZodType } from 'zod/v4/core';
import type { ModelCard } from './model-card.js';
import { InvalidInputError, type InputIssue } from './errors.js';

export interface Model<Input, Output> {
  /** Stable identifier, e.g. `footfall-ridge`. */
  readonly id: string;
  /** Version of the trained artifact (not of the code), e.g. a date or semver. */
  readonly version: string;
  /** Everything a reader or operator should know about the trained artifact. */
  readonly card: ModelCard;
  /**
   * Validates untrusted input and produces what `predict` accepts. Any zod schema fits
   * (classic `zod` or the tree-shakeable `zod/mini`), hence the core type.
   */
  readonly inputSchema: $ZodType<Input>;
  /**
   * Runs the model on input that already passed `inputSchema`. Synchronous on purpose:
   * both models answer from memory in microseconds to milliseconds, and an async
   * signature would hide that.
   */
  predict(input: Input): Output;
}

/** Converts zod issues into the repo's `InputIssue` list. */
export function toInputIssues(error: $ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
}

/**
 * Parses untrusted input with the model's schema.
 * @throws InvalidInputError listing every problem zod found.
 */
export function parseModelInput<Input>(model: Pick<Model<Input, unknown>, 'inputSchema'>, raw: unknown): Input {
  const result = safeParse(model.inputSchema, raw);
  if (!result.success) throw new InvalidInputError(toInputIssues(result.error));
  return result.data;
}
