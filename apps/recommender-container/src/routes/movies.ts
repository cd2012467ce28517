/**
 * The catalog: read one movie, search titles, and the admin writes that add or remove
 * movies while the service runs.
 *
 * Writes answer only once the update is durable in the catalog log (fsynced file, or a Redis
 * stream with appendfsync always / MemoryDB) and applied here: a 201 survives `kill -9`.
 * With a Redis stream, other replicas apply it as soon as their blocking read returns it.
 */
import { Router, type RequestHandler } from 'express';
import { InvalidInputError, toInputIssues } from '@serverless-ai/model-interface';
import { z } from 'zod';
import { methodNotAllowed } from '../http/errors.js';
import type { ServiceHandle } from '../state/service.js';

/** Largest movie id: hnswlib labels are unsigned 32-bit; ids stay in the signed range for JSON clients. */
export const MAX_MOVIE_ID = 2_147_483_647;

const movieIdSchema = z.number().int().min(1).max(MAX_MOVIE_ID);

/** Body of `POST /movies`. Unknown keys are refused, so a typo (`genre`) is not silently ignored. */
export const newMovieSchema = z.strictObject({
  movieId: movieIdSchema,
  title: z.string().trim().min(1).max(300),
  year: z.number().int().min(1870).max(2100).nullable().default(null),
  genres: z
    .array(z.string().trim().min(1).max(50))
    .max(20)
    .refine((genres) => new Set(genres).size === genres.length, 'genres must not repeat'),
  embedding: z.array(z.number()).min(1).max(4096).optional(),
});

const searchSchema = z.strictObject({
  query: z.string().trim().min(1, 'query must not be empty').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Parses `:id`: digits only, so `1e3`, `0x10` or ` 7` are refused rather than coerced. */
function parseMovieId(raw: string | undefined): number {
  const id = /^\d{1,10}$/.test(raw ?? '') ? Number(raw) : Number.NaN;
  const result = movieIdSchema.safeParse(id);
  if (!result.success) throw new InvalidInputError([{ path: ['id'], message: `Movie ids are integers from 1 to ${MAX_MOVIE_ID}, got ${JSON.stringify(raw)}` }]);
  return result.data;
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidInputError(toInputIssues(result.error));
  return result.data;
}

/** Routes `/movies` and `/movies/:id`. */
export function movieRoutes(service: ServiceHandle, jsonBody: RequestHandler[], requireAdmin: RequestHandler): Router {
  const router = Router();
  router
    .route('/movies')
    .get((req, res) => {
      const live = service.live();
      const { query, limit } = parse(searchSchema, req.query);
      res.json({ movies: live.recommender.catalog.search(query, limit) });
    })
    .post(requireAdmin, ...jsonBody, async (req, res) => {
      const live = service.live();
      const { embedding, ...movie } = parse(newMovieSchema, req.body);
      // The embedding's length (d, or d + 1 with the bias) is checked by the model's vectorFor.
      const result = await live.addMovie(movie, embedding);
      res.status(201).location(`/movies/${result.movie.movieId}`).json(result);
    })
    .all(methodNotAllowed(['GET', 'POST']));
  router
    .route('/movies/:id')
    .get((req, res) => {
      const live = service.live();
      res.json(live.getMovie(parseMovieId(req.params.id)));
    })
    .delete(requireAdmin, async (req, res) => {
      const live = service.live();
      res.json(await live.removeMovie(parseMovieId(req.params.id)));
    })
    .all(methodNotAllowed(['GET', 'DELETE']));
  return router;
}
