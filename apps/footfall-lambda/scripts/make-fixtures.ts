/**
 * `npm run fixtures`: writes the committed test events in tests/fixtures/.
 *
 * The envelopes come from @serverless-ai/lambda-kit/testing, which follows the sample
 * events in AWS's documentation (payload format 2.0 for HTTP APIs, 1.0 for REST APIs).
 * Only the body is ours: a real row from the footfall model's committed sample days.
 * Run this again after the feature list changes.
 */
import { writeFileSync } from 'node:fs';
import { loadSampleDays, FEATURE_NAMES } from '@serverless-ai/footfall-model';
import { httpApiV2Event, restApiV1Event } from '@serverless-ai/lambda-kit/testing';

const FIXTURES = new URL('../tests/fixtures/', import.meta.url);
const [first, second] = loadSampleDays();
if (!first || !second) throw new Error('The sample-days file needs at least two rows.');

// 2.0: one row as an object keyed by feature name, on the explicit `POST /predict` route.
const httpApiEvent = httpApiV2Event({ method: 'POST', path: '/predict', routeKey: 'POST /predict', body: { features: first.features } });

// 1.0: one row as 100 numbers in FEATURE_NAMES order, called on the `prod` stage.
const restApiEvent = restApiV1Event({ method: 'POST', path: '/predict', stage: 'prod', body: { features: FEATURE_NAMES.map((name) => second.features[name]) } });

// 2.0 without a body: `curl -X POST <url>/predict` with nothing to send. AWS's own sample
// events for payload 2.0 carry `"body": null` in this case (not an absent field), and no
// content-type or content-length header, since the client sent none.
const { 'content-length': _length, 'content-type': _type, ...headersWithoutBody } = httpApiEvent.headers;
const httpApiEventWithoutBody = {
  ...httpApiEvent,
  headers: headersWithoutBody,
  requestContext: { ...httpApiEvent.requestContext, requestId: 'JKJbXmPLvHcESHB=' },
  body: null,
};

const written = {
  'http-api-v2-post-predict.json': httpApiEvent,
  'http-api-v2-post-predict-null-body.json': httpApiEventWithoutBody,
  'rest-api-v1-post-predict.json': restApiEvent,
};
for (const [name, event] of Object.entries(written)) {
  writeFileSync(new URL(name, FIXTURES), `${JSON.stringify(event, null, 2)}\n`);
}
console.log(`Wrote ${Object.keys(written).map((name) => `tests/fixtures/${name}`).join(', ')}`);
