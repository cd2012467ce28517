/**
 * Model cards: what a trained artifact is, what it was trained on and how good it is.
 *
 * Both apps serve the card at `GET /model`, and the docs read their error figures
 * from it, so every number about a model has one source.
 */
// zod/mini, not zod: its functional API lets esbuild drop what is unused, which keeps
// zod from dominating a Lambda bundle's cold start (measured in docs/architecture.md).
import * as z from 'zod/mini';

/** The size and sha256 of one stored file (or one part of a file, named `file#/pointer`). */
export const artifactDigestSchema = z.object({
  file: z.string().check(z.minLength(1)),
  bytes: z.int().check(z.nonnegative()),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex characters')),
});
export type ArtifactDigest = z.infer<typeof artifactDigestSchema>;

/** A metric value, or a group of them (e.g. `{ model: {mae}, baselines: {...} }`). */
export type MetricValue = number | { [name: string]: MetricValue };
const metricValueSchema: z.ZodMiniType<MetricValue> = z.lazy(() => z.union([z.number(), z.record(z.string(), metricValueSchema)]));

export const modelCardSchema = z.object({
  name: z.string().check(z.minLength(1)),
  version: z.string().check(z.minLength(1)),
  /** ISO 8601 timestamp of training. Seeded runs pin it, so retraining reproduces the file. */
  createdAt: z.iso.datetime(),
  description: z.optional(z.string()),
  trainingData: z.object({
    /** One sentence on what the data is and where it came from. */
    summary: z.string().check(z.minLength(1)),
    /** Counts and parameters that identify the data, e.g. `{ rows, stores, seed }`. */
    facts: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  }),
  /** Held-out metrics, always alongside the baselines they are compared with. */
  metrics: z.record(z.string(), metricValueSchema),
  /** Every stored file the model needs, with its checksum. */
  artifacts: z.array(artifactDigestSchema).check(z.minLength(1)),
  intendedUse: z.optional(z.string()),
  limitations: z.optional(z.array(z.string())),
});
export type ModelCard = z.infer<typeof modelCardSchema>;
