/**
 * What a footfall artifact's payload must contain, as a zod schema: the checks
 * `loadFootfallModel` runs on every value (and, through it, the Lambda build's
 * `validateFootfallArtifact`).
 *
 * It lives apart from predictor.ts so that code which only predicts (the Lambda bundle,
 * whose build already validated its model) leaves zod out: this package declares
 * `"sideEffects": false`, so esbuild drops a module nothing imports. Edit it together
 * with predictor.ts and `training/train.ts` when the payload changes, and bump
 * `PAYLOAD_FORMAT`.
 */
import * as z from 'zod/mini';
import { FEATURE_COUNT } from './features.js';

/** Identifies the payload layout; the loader refuses others. */
export const PAYLOAD_FORMAT = 'footfall-ridge@1';

const finite = z.number().check(z.refine(Number.isFinite, 'must be finite'));
const positive = z.number().check(z.refine((v) => Number.isFinite(v) && v > 0, 'must be positive'));
const perFeature = z.array(finite).check(z.length(FEATURE_COUNT));

/** The trained parameters as stored in the artifact (the part covered by its checksum). */
export const footfallPayloadSchema = z.object({
  format: z.literal(PAYLOAD_FORMAT),
  modelFamily: z.literal('ridge-regression'),
  target: z.literal('log(customersTomorrow)'),
  featureNames: z.array(z.string()).check(z.length(FEATURE_COUNT)),
  transforms: z.array(z.enum(['identity', 'log1p'])).check(z.length(FEATURE_COUNT)),
  means: perFeature,
  stds: z.array(positive).check(z.length(FEATURE_COUNT)),
  weights: perFeature,
  intercept: finite,
  smearing: positive,
  lambda: finite,
  clampMax: positive,
});

/** The trained parameters: scaling, weights, intercept and the output clamp. */
export type FootfallPayload = z.infer<typeof footfallPayloadSchema>;
