import { describe, expect, it } from 'vitest';
import type {
  ModelError} from '../src/index.js';
import {
  ConflictError,
  InvalidInputError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  formatPath,
  fromBodyParserError,
  toErrorResponse,
} from '../src/index.js';

describe('toErrorResponse', () => {
  it('maps an InvalidInputError to 400 with every issue in details', () => {
    // Arrange
    const err = new InvalidInputError([
      { path: [0], message: 'Expected a finite number' },
      { path: ['k'], message: 'Too big' },
    ]);

    // Act
    const { status, body } = toErrorResponse(err);

    // Assert
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.details).toEqual({ issues: err.details.issues });
    expect(body.error.message).toContain('and 1 more problem');
  });

  it('gives every typed error its own status and stable code', () => {
    const cases: [ModelError, number, string][] = [
      [new ConflictError('Movie 7 exists'), 409, 'CONFLICT'],
      [new PayloadTooLargeError(1024, 2048), 413, 'PAYLOAD_TOO_LARGE'],
      [new UnsupportedMediaTypeError('text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [new MethodNotAllowedError('PUT', '/predict', ['POST']), 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [err, status, code] of cases) {
      const response = toErrorResponse(err);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(Object.keys(response.body.error).sort()).toEqual(['code', 'details', 'message']);
    }
  });

  it('hides the message and stack of an unexpected error behind an opaque 500', () => {
    const { status, body } = toErrorResponse(new TypeError('secret internal detail at /srv/app.js:12'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('always includes details, as an empty object when there is nothing to add', () => {
    expect(toErrorResponse(new ConflictError('exists')).body.error.details).toEqual({});
  });
});

describe('formatPath', () => {
  it('renders array indexes in brackets and object keys with dots', () => {
    expect(formatPath(['recentActivity', 3, 'rating'])).toBe('recentActivity[3].rating');
    expect(formatPath([2, 'temperatureC'])).toBe('[2].temperatureC');
  });
});

describe('fromBodyParserError', () => {
  it('maps body-parser errors by their type to 413, 400 and 415 in the shared shape', () => {
    // Arrange: the objects body-parser (express.json) throws carry a `type`.
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', limit: 1024, length: 4096 });
    const badJson = Object.assign(new Error('Unexpected end of JSON input'), { type: 'entity.parse.failed' });
    const badCharset = Object.assign(new Error('unsupported charset'), { type: 'charset.unsupported' });

    // Act
    const codes = [tooLarge, badJson, badCharset].map((err) => toErrorResponse(fromBodyParserError(err, 'application/json; charset=koi8-r')));

    // Assert
    expect(codes.map((c) => [c.status, c.body.error.code])).toEqual([
      [413, 'PAYLOAD_TOO_LARGE'],
      [400, 'MALFORMED_JSON'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
    ]);
    expect(codes[0]!.body.error.details).toEqual({ limitBytes: 1024, actualBytes: 4096 });
  });

  it('returns any other error unchanged', () => {
    const other = new TypeError('boom');
    expect(fromBodyParserError(other)).toBe(other);
    const unknownType = Object.assign(new Error('x'), { type: 'something.else' });
    expect(fromBodyParserError(unknownType)).toBe(unknownType);
  });
});
