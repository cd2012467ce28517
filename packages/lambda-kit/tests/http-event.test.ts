/** Event normalisation and body checks: API Gateway 2.0 and 1.0 events in, one request shape out. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonContentType, jsonResult, NotAnApiGatewayEventError, parseJsonBody, toHttpRequest, type ApiGatewayProxyEvent, type HttpRequest } from '../src/http-event.js';
import { httpApiV2Event, restApiV1Event } from '../src/testing.js';

const httpApiEvent = () => httpApiV2Event({ method: 'POST', path: '/predict', routeKey: 'POST /predict', body: { features: [1, 2] } });
const restApiEvent = () => restApiV1Event({ method: 'POST', path: '/predict', body: { features: [1, 2] } });

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json;charset=utf-8', true],
    ['application/json; charset=UTF8', true],
    ['application/json; charset="utf-8"', true],
    ['APPLICATION/JSON', true],
    [undefined, false],
    ['', false],
    ['application/jsonp', false],
    ['application/vnd.api+json', false],
    ['text/json', false],
    ['application/json; charset=utf-16', false],
  ])('says %s is JSON: %s', (contentType, expected) => {
    expect(isJsonContentType(contentType)).toBe(expected);
  });
});

describe('toHttpRequest', () => {
  it('normalises an HTTP API 2.0 event', () => {
    const request = toHttpRequest(httpApiEvent());
    expect(request).toMatchObject({ method: 'POST', path: '/predict', payloadVersion: '2.0', apiRequestId: 'JKJaXmPLvHcESHA=' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body?.isBase64Encoded).toBe(false);
  });

  it('normalises a REST API 1.0 event, lower-casing header names and ignoring the stage', () => {
    const event = restApiEvent();
    const request = toHttpRequest(event);
    expect(request).toMatchObject({ method: 'POST', path: '/predict', payloadVersion: '1.0', apiRequestId: event.requestContext.requestId });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['Content-Type']).toBeUndefined();
  });

  it('joins repeated REST API headers as HTTP does', () => {
    const event = { ...restApiEvent(), headers: { Accept: 'text/html' }, multiValueHeaders: { Accept: ['text/html', 'application/json'] } };
    expect(toHttpRequest(event).headers.accept).toBe('text/html,application/json');
  });

  it('keeps a path that merely starts like the stage name', () => {
    const event = httpApiEvent();
    event.routeKey = '$default';
    event.requestContext.stage = 'pre';
    event.rawPath = '/predict';
    expect(toHttpRequest(event).path).toBe('/predict');
  });

  it('treats a request without a body as having none', () => {
    const event = httpApiEvent();
    delete event.body;
    expect(toHttpRequest(event).body).toBeUndefined();
  });
});

/** A request as toHttpRequest makes it, with a body and a content type. */
function requestWith(text: string, options: { contentType?: string; base64?: boolean } = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/predict',
    headers: { 'content-type': options.contentType ?? 'application/json' },
    body: { text: options.base64 ? Buffer.from(text, 'utf8').toString('base64') : text, isBase64Encoded: options.base64 ?? false },
    apiRequestId: 'test',
    payloadVersion: '2.0',
  };
}

describe('parseJsonBody', () => {
  it('parses a JSON body, plain or base64-encoded', () => {
    expect(parseJsonBody(requestWith('{"k":3}'), 1024)).toEqual({ k: 3 });
    expect(parseJsonBody(requestWith('{"k":3}', { base64: true }), 1024)).toEqual({ k: 3 });
  });

  it.each([
    ['a form body', requestWith('k=3', { contentType: 'application/x-www-form-urlencoded' }), 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', requestWith(`{"pad":"${'x'.repeat(2000)}"}`), 'PAYLOAD_TOO_LARGE'],
    ['a base64 body over the limit once decoded', requestWith(`{"pad":"${'x'.repeat(2000)}"}`, { base64: true }), 'PAYLOAD_TOO_LARGE'],
    ['a body that is not JSON', requestWith('{"k":'), 'MALFORMED_JSON'],
    ['a blank body', requestWith('  '), 'MALFORMED_JSON'],
    ['no body at all, whatever the content type', { ...requestWith(''), headers: {}, body: undefined }, 'MALFORMED_JSON'],
  ])('refuses %s with %s', (_name, request, code) => {
    expect(() => parseJsonBody(request, 1024)).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('refuses base64 bytes that are not UTF-8', () => {
    const request: HttpRequest = { ...requestWith(''), body: { text: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), isBase64Encoded: true } };
    expect(() => parseJsonBody(request, 1024)).toThrow(/not valid UTF-8/);
  });
});

describe('jsonResult', () => {
  it('answers JSON text with a UTF-8 JSON content type and the extra headers', () => {
    expect(jsonResult(405, { a: 1 }, { allow: 'POST' })).toEqual({
      statusCode: 405,
      headers: { 'content-type': 'application/json; charset=utf-8', allow: 'POST' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
  });
});

describe('properties', () => {
  const settings = { seed: 20_261_203, numRuns: 1000 } as const;

  it('turns any value into a request or a NotAnApiGatewayEventError, never another exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ version: fc.constant('2.0'), rawPath: fc.anything(), requestContext: fc.anything(), headers: fc.anything(), body: fc.anything() })), (value) => {
        try {
          const request = toHttpRequest(value as ApiGatewayProxyEvent);
          expect(request.path.startsWith('/') || request.path === '').toBe(true);
          expect(Object.values(request.headers).every((header) => typeof header === 'string')).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(NotAnApiGatewayEventError);
        }
      }),
      settings,
    );
  });

  it('gives a 2.0 and a 1.0 event for the same request the same method, path, headers and body', () => {
    const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
    fc.assert(
      fc.property(fc.constantFrom('GET', 'POST', 'PUT'), fc.array(segment, { minLength: 1, maxLength: 3 }), fc.jsonValue(), (method, segments, body) => {
        const path = `/${segments.join('/')}`;
        const v2 = toHttpRequest(httpApiV2Event({ method, path, body: JSON.stringify(body) }));
        const v1 = toHttpRequest(restApiV1Event({ method, path, body: JSON.stringify(body) }));
        expect(v1).toMatchObject({ method: v2.method, path: v2.path, body: v2.body });
        expect(v1.headers['content-type']).toBe(v2.headers['content-type']);
      }),
      settings,
    );
  });

  it('accepts application/json in any letter case, with any spacing and a UTF-8 charset', () => {
    const caseOf = (text: string) => fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
    fc.assert(
      fc.property(caseOf('application/json'), fc.constantFrom('', ' '), fc.option(fc.constantFrom('utf-8', 'UTF8', '"utf-8"')), (type, space, charset) => {
        expect(isJsonContentType(`${space}${type}${space}${charset === null ? '' : `;${space}charset=${charset}`}`)).toBe(true);
      }),
      settings,
    );
  });
});
