/**
 * Checks for step 04.01: the answer matches what the cost model computes from the
 * repo's measured results and its dated price table. Nothing is hard-coded here, so
 * the step stays right when the prices or the measurements are updated.
 */
import { describe, expect, it } from 'vitest';
import { compareHomes } from '@serverless-ai/cost-model';
import { loadMeasurements } from '@serverless-ai/workshop/kit';
import { answer } from './answer.js';

/** The README's profile, as the CLI takes it. */
const PROFILE = { requestsPerDay: 120_000, dayShape: 'diurnal', provisioned: 2, provisionedHours: 365 } as const;
const COMMAND = 'npm run cost -- --requests-per-day 120000 --day diurnal --provisioned 2 --provisioned-hours 365';
const footfall = compareHomes(loadMeasurements(), PROFILE).footfall;

describe('the break-even answer', () => {
  it('prices Lambda + HTTP API as the cost model does, to the cent', () => {
    expect(answer.lambdaMonthlyUsd, `Run \`${COMMAND}\` and copy the "Lambda + HTTP API: $… a month" figure under "Footfall predictor".`).toBeCloseTo(footfall.lambda.totalUsd, 2);
  });

  it('prices the Fargate service as the cost model does, to the cent', () => {
    expect(answer.fargateMonthlyUsd, `Copy the "Fargate service: $… a month" figure from \`${COMMAND}\`. It is not the task price alone: the service also pays for a load balancer and a NAT gateway.`).toBeCloseTo(footfall.fargate.totalUsd, 2);
  });

  it('names the cheaper home at this traffic', () => {
    const cheaper = footfall.lambda.totalUsd <= footfall.fargate.totalUsd ? 'lambda' : 'fargate';
    expect(answer.cheaperHome, 'Compare your two monthly figures: the home with the smaller bill is the cheaper one at 120,000 requests a day.').toBe(cheaper);
  });

  it('finds the break-even with two provisioned environments for 365 hours, within 0.5 %', () => {
    const breakEven = footfall.breakEven.withProvisioned.requestsPerDay;
    expect(breakEven, 'The cost model found no break-even: this step needs one.').not.toBeNull();
    const relativeError = Math.abs(answer.breakEvenRequestsPerDay - breakEven!) / breakEven!;
    expect(relativeError, `Read "Break-even with 2 provisioned: … requests/day" in the output of \`${COMMAND}\`: it is where the two bills cross, far above today's traffic.`).toBeLessThan(0.005);
  });

  it('names the largest line of the Fargate bill', () => {
    const largest = [...footfall.fargate.items].sort((a, b) => b.usd - a.usd)[0]!.item;
    expect(answer.largestFargateItem, `Look down the "Fargate service" lines of \`${COMMAND}\`: which one costs most? (Spelled exactly as the CLI prints it.)`).toBe(largest);
  });
});
