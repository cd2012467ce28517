/**
 * Admin authentication for catalog writes: `Authorization: Bearer <ADMIN_TOKEN>`.
 *
 * Both tokens are hashed to 32 bytes before `timingSafeEqual`, which needs equal
 * lengths: comparing digests keeps the check constant-time without leaking the
 * token's length. With no token configured every write is refused (403): the
 * service is then read-only, and says so in its start-up log.
 *
 * Edit this file to change how admins authenticate (e.g. to verify a JWT).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '@serverless-ai/model-interface';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Middleware that lets a request through only with the right bearer token. */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return (req, _res, next) => {
    if (!expected) throw new ForbiddenError('This service is read-only: it was started without ADMIN_TOKEN.');
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) throw new UnauthorizedError('Catalog writes need the header Authorization: Bearer <ADMIN_TOKEN>.');
    if (!timingSafeEqual(digest(match[1]!), expected)) throw new UnauthorizedError('The admin token is not valid.');
    next();
  };
}
