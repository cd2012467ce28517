/** Event normalisation details that the handler tests do not reach directly. */
import { describe, expect, it } from 'vitest';
import { isJsonContentType, toHttpRequest } from '../src/http-event.js';
import { httpApiEvent, restApiEvent } from './helpers.js';

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
