/**
 * `npm run fixtures`: writes the committed test events in tests/fixtures/.
 *
 * The envelopes follow the sample events in AWS's documentation ("Working with AWS
 * Lambda proxy integrations for HTTP APIs", payload format 2.0, and the REST API
 * "Input format of a Lambda function for proxy integration", 1.0): same fields, same
 * header casing (lower case in 2.0, as sent in 1.0), same stage handling. Only the body
 * is ours: a real row from the footfall model's committed sample days. Run this again
 * after the feature list changes.
 */
import { writeFileSync } from 'node:fs';
import { loadSampleDays, FEATURE_NAMES } from '@serverless-ai/footfall-model';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

const FIXTURES = new URL('../tests/fixtures/', import.meta.url);
const [first, second] = loadSampleDays();
if (!first || !second) throw new Error('The sample-days file needs at least two rows.');

// 2.0: one row as an object keyed by feature name.
const v2Body = JSON.stringify({ features: first.features });
const httpApiEvent: APIGatewayProxyEventV2 = {
  version: '2.0',
  routeKey: 'POST /predict',
  rawPath: '/predict',
  rawQueryString: '',
  headers: {
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    'content-length': String(Buffer.byteLength(v2Body)),
    'content-type': 'application/json',
    host: 'r3pmxmplak.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'curl/8.5.0',
    'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
    'x-forwarded-for': '205.255.255.176',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'r3pmxmplak',
    domainName: 'r3pmxmplak.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'r3pmxmplak',
    http: { method: 'POST', path: '/predict', protocol: 'HTTP/1.1', sourceIp: '205.255.255.176', userAgent: 'curl/8.5.0' },
    requestId: 'JKJaXmPLvHcESHA=',
    routeKey: 'POST /predict',
    stage: '$default',
    time: '10/Mar/2025:05:16:23 +0000',
    timeEpoch: 1741583783130,
  },
  body: v2Body,
  isBase64Encoded: false,
};

// 1.0: one row as 100 numbers in FEATURE_NAMES order, called on the `prod` stage.
const v1Body = JSON.stringify({ features: FEATURE_NAMES.map((name) => second.features[name]) });
const v1Headers: Record<string, string> = {
  Accept: 'application/json',
  'Content-Type': 'application/json',
  Host: '1234567890.execute-api.eu-west-1.amazonaws.com',
  'User-Agent': 'curl/8.5.0',
  'X-Amzn-Trace-Id': 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050',
  'X-Forwarded-For': '205.255.255.176',
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'https',
};
const restApiEvent: APIGatewayProxyEvent = {
  resource: '/predict',
  path: '/predict',
  httpMethod: 'POST',
  headers: v1Headers,
  multiValueHeaders: Object.fromEntries(Object.entries(v1Headers).map(([name, value]) => [name, [value]])),
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: {
    resourceId: '2gxmpl',
    resourcePath: '/predict',
    httpMethod: 'POST',
    extendedRequestId: 'JJbxmHEYvHcESHA=',
    requestTime: '10/Mar/2025:00:03:59 +0000',
    path: '/prod/predict',
    accountId: '123456789012',
    protocol: 'HTTP/1.1',
    stage: 'prod',
    domainPrefix: '1234567890',
    requestTimeEpoch: 1741565039574,
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '205.255.255.176',
      user: null,
      userAgent: 'curl/8.5.0',
      userArn: null,
    },
    domainName: '1234567890.execute-api.eu-west-1.amazonaws.com',
    apiId: '1234567890',
    authorizer: undefined,
  },
  body: v1Body,
  isBase64Encoded: false,
};

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
