/**
 * The README's "Try it" requests run against the committed catalog: every movie id they
 * read or recommend from must exist in it (a retrained catalog that drops one fails here,
 * not in a reader's terminal), and the search query must find something.
 */
import { readFileSync } from 'node:fs';
import { loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const tryIt = /## Try it\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';

describe('README "Try it"', () => {
  const artifacts = loadRecommenderArtifacts();
  const inCatalog = new Set(artifacts.movies.map((m) => m.movieId));

  it('reads and recommends from movie ids that are in the committed catalog', () => {
    // Ids the block adds itself (POST /movies) are not expected in the catalog.
    const added = new Set([...tryIt.matchAll(/-X POST localhost:3002\/movies [\s\S]*?"movieId":(\d+)/g)].map((m) => Number(m[1])));
    const read = [...tryIt.matchAll(/curl -s localhost:3002\/movies\/(\d+)/g)].map((m) => Number(m[1]));
    const recommended = [...tryIt.matchAll(/\/recommendations [\s\S]*?-d '([^']*)'/g)].flatMap((m) =>
      [...m[1]!.matchAll(/"movieId":(\d+)/g)].map((id) => Number(id[1])),
    );
    const used = [...read, ...recommended].filter((id) => !added.has(id));
    expect(used.length).toBeGreaterThanOrEqual(3);
    expect(used.filter((id) => !inCatalog.has(id))).toEqual([]);
    expect([...added].filter((id) => inCatalog.has(id))).toEqual([]);
  });

  it('searches for a title word the committed catalog has', () => {
    const query = /movies\?query=([^&']+)/.exec(tryIt)?.[1];
    expect(query).toBeDefined();
    expect(artifacts.movies.some((m) => m.title.toLowerCase().includes(query!.toLowerCase()))).toBe(true);
  });
});
