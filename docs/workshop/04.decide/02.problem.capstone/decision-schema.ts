/**
 * The shape of a hosting decision: where a bundle should run, and the fitcheck
 * findings that decided it, each tied to one of the three limits.
 */
import { z } from 'zod';

export const LIMITS = ['dependencies', 'internal-state', 'cold-starts'] as const;
export const HOMES = ['lambda-zip', 'lambda-container-image', 'fargate', 'managed-service'] as const;

export const decisionSchema = z
  .object({
    /** Where the bundle should run. */
    home: z.enum(HOMES),
    /** The CPU you would deploy it on (Lambda's names). */
    architecture: z.enum(['arm64', 'x86_64']),
    /** fitcheck's exit code on each route, at that architecture (0 fits, 1 does not fit). */
    fitcheckExitCodes: z.object({ 'zip-s3': z.number().int(), 'container-image': z.number().int() }).strict(),
    /** One entry per fitcheck finding that weighed on the decision. */
    reasons: z
      .array(
        z
          .object({
            limit: z.enum(LIMITS),
            /** A fitcheck finding code, e.g. `UNZIPPED_TOO_LARGE`. */
            finding: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'a fitcheck finding code, in capitals'),
            /** What the report said, in your words: the figure and the limit. */
            evidence: z.string().min(10),
          })
          .strict(),
      )
      .min(1, 'give at least one reason'),
  })
  .strict();

export type Decision = z.infer<typeof decisionSchema>;
