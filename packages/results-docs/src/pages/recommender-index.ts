/**
 * The benchmark tables of docs/recommender-index.md (the `recommender-index:bench` block),
 * from docs/results/recommender-index.json (`npm run bench -w @serverless-ai/movie-recommender`).
 * Nothing in those tables is typed by hand; after editing the page's prose, `npm run render`.
 */
import { fillMarkedBlock } from '../marked-blocks.js';
import { readResultsJson, renderPage, type RenderedFile } from './rendered-file.js';

/** The parts of the results JSON the tables show (see index-bench.ts for the full shape). */
export interface Results {
  command: string;
  generatedAt: string;
  runs: number;
  durationSeconds: number;
  machine: { cpuModel: string; cores: number; memoryGiB: number; node: string; platform: string; loadAverageAtStart: number; loadAverageAtEnd?: number };
  data: { kind: string; numDimensions: number; space: string; clusters: number; spread: number; queries: number; k: number };
  parameters: { m: number; efConstruction: number; defaultEf: number };
  sizes: {
    movies: number;
    runs: number;
    build: { medianMs: number };
    memory: { rssBytesPerMovie: number; fileBytesPerMovie: number; level0BytesPerMovie: number; ruleOfThumbBytesPerMovie: number; rssToRuleOfThumb: number };
    exact: { qps: number; p50Ms: number; p99Ms: number };
    hnsw: { ef: number; recallAt10: number; qps: number; p50Ms: number; p99Ms: number; speedupVsExact: number }[];
    filtered: { ef: number; excludedPerQuery: number; recallAt10: number; qps: number; qpsRatioToUnfiltered: number; queriesWithFewerThanK: number };
    snapshot: { bytes: number; writeMedianMs: number; loadMedianMs: number; rebuildMedianMs: number; loadSpeedupVsRebuild: number; identicalResultsAfterLoad: boolean };
  }[];
  /** Absent in results written before issue 15. */
  trainedEmbeddings?: { modelVersion: string; movies: number; numDimensions: number; biasWeight: number; queries: number; k: number; byEf: { ef: number; recallAt10: number }[] };
  targets: { name: string; target: string; measured: string; met: boolean }[];
}

const count = (n: number) => n.toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toFixed(digits);
const table = (header: string[], rows: (string | number)[][]) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** The markdown that goes between the markers. */
export function renderTables(results: Results): string {
  const m = results.machine;
  const parts: string[] = [
    `Measured by \`${results.command}\` on ${results.generatedAt.slice(0, 10)}: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ` +
      `Node ${m.node} (${m.platform}; 1-minute load average ${m.loadAverageAtStart} at start${m.loadAverageAtEnd === undefined ? '' : `, ${m.loadAverageAtEnd} at end`}). ` +
      `Data: ${results.data.kind}, d = ${results.data.numDimensions}, space \`${results.data.space}\`, ${count(results.data.queries)} queries, k = ${results.data.k}. ` +
      `Index: M = ${results.parameters.m}, efConstruction = ${results.parameters.efConstruction}. ` +
      `Figures are medians of ${results.runs} runs (1M: one run); the whole benchmark took ${Math.round(results.durationSeconds)} s.`,
    '',
    '**Summary per catalog size**',
    '',
    table(
      ['movies', 'build', 'memory / movie (RSS)', 'rule of thumb d×4+M×2×4', 'index file / movie', 'exact QPS', 'snapshot write', 'snapshot load', 'load vs rebuild'],
      results.sizes.map((s) => [
        count(s.movies),
        `${fixed(s.build.medianMs / 1000, 2)} s`,
        `${fixed(s.memory.rssBytesPerMovie, 0)} B (${fixed(s.memory.rssToRuleOfThumb, 2)}×)`,
        `${s.memory.ruleOfThumbBytesPerMovie} B`,
        `${fixed(s.memory.fileBytesPerMovie, 0)} B`,
        fixed(s.exact.qps, 0),
        `${fixed(s.snapshot.writeMedianMs, 0)} ms`,
        `${fixed(s.snapshot.loadMedianMs, 0)} ms`,
        `${fixed(s.snapshot.loadSpeedupVsRebuild, 0)}× faster${s.snapshot.identicalResultsAfterLoad ? '' : ' (answers differ!)'}`,
      ]),
    ),
    '',
    '**Recall against speed, by `ef`** (speed-up is HNSW QPS over exact QPS on the same queries)',
    '',
    table(
      ['movies', 'ef', 'recall@10', 'QPS', 'p50', 'p99', 'speed-up vs exact'],
      results.sizes.flatMap((s) =>
        s.hnsw.map((row) => [count(s.movies), row.ef, fixed(row.recallAt10, 3), fixed(row.qps, 0), `${fixed(row.p50Ms, 3)} ms`, `${fixed(row.p99Ms, 3)} ms`, `${fixed(row.speedupVsExact, 0)}×`]),
      ),
    ),
    '',
    `**Excluding seen movies** (each query's ${results.sizes[0]?.filtered.excludedPerQuery ?? 20} exact nearest movies excluded by over-fetching, ef = ${results.parameters.defaultEf})`,
    '',
    table(
      ['movies', 'recall@10', 'QPS', 'vs unfiltered', 'answers with fewer than k'],
      results.sizes.map((s) => [
        count(s.movies),
        fixed(s.filtered.recallAt10, 3),
        fixed(s.filtered.qps, 0),
        `${fixed(s.filtered.qpsRatioToUnfiltered, 2)}×`,
        s.filtered.queriesWithFewerThanK,
      ]),
    ),
    '',
    ...(results.trainedEmbeddings
      ? [
          `**Trained embeddings, folded-in user queries** (${results.trainedEmbeddings.modelVersion}: ${count(results.trainedEmbeddings.movies)} movies, ` +
            `vectors [v, b] of ${results.trainedEmbeddings.numDimensions} numbers, queries [u, β] with β = ${results.trainedEmbeddings.biasWeight}, ` +
            `${count(results.trainedEmbeddings.queries)} users of the seeded dataset, each user's rated movies excluded; HNSW vs ExactIndex)`,
          '',
          table(
            ['ef', 'recall@10'],
            results.trainedEmbeddings.byEf.map((row) => [row.ef, fixed(row.recallAt10, 4)]),
          ),
          '',
        ]
      : []),
    '**Targets**',
    '',
    table(
      ['target', 'measured', 'met'],
      results.targets.map((t) => [t.name, t.measured, t.met ? 'yes' : '**no**']),
    ),
  ];
  return parts.join('\n');
}

/** docs/recommender-index.md under `root`, with its tables rendered from that root's recommender-index.json. */
export function renderRecommenderIndexPage(root: string): RenderedFile {
  const tables = renderTables(readResultsJson<Results>(root, 'recommender-index.json'));
  return renderPage(root, 'docs/recommender-index.md', (page) => fillMarkedBlock(page, 'recommender-index:bench', tables, 'docs/recommender-index.md'));
}
