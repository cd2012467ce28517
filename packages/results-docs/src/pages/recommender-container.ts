/**
 * The figures of apps/recommender-container/README.md, from
 * docs/results/recommender-container.json (that app's `npm run bench`), so the page
 * quotes no number the benchmark did not produce. Only the text between
 * `<!-- recommender-container:<block>:start/end -->` markers is replaced; the prose
 * around it is written by hand.
 */
import { fillMarkedBlocks } from '../marked-blocks.js';
import { readResultsJson, renderPage, type RenderedFile } from './rendered-file.js';

/**
 * Memory of the largest Fargate task, MiB: 16 vCPU with 120 GB. The task sizing's table
 * (apps/recommender-container/lib/task-sizing.ts, FARGATE_COMBINATIONS) is the source;
 * this package cannot import an app, and that app's tests/docs.test.ts checks the two agree.
 */
export const LARGEST_FARGATE_TASK_MIB = 120 * 1024;

interface Percentiles {
  p50Ms: number;
  p99Ms: number;
}

/** The fields of recommender-container.json that the README quotes. */
export interface ContainerResults {
  generatedAt: string;
  machine: { cpuModel: string; cores: number; node: string; platform: string };
  catalog: { dimensions: number };
  startup: { movies: number; rssAfterReadyMiB: number }[];
  catalogLogs?: {
    generatedAt: string;
    machine: { cpuModel: string; cores: number; node: string; platform: string; loadAverage: { atStart: number[] } };
    settings: { sequentialAdds: number; visibilityWrites: number; catchUpWrites: number; redis: string };
    file: { ack: Percentiles; writesPerSecond: number; catchUp: { readyMs: number; replayMs: number; replayed: number } };
    redisStream: { ack: Percentiles; visibilityOnSecondReplica: Percentiles; writesPerSecond: number; catchUp: { readyMs: number; replayMs: number; replayed: number } };
  };
}

const n = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** Headroom the task sizing keeps free (lib/task-sizing.ts). */
const HEADROOM = 0.3;

/** Memory per movie from the start-up runs at two sizes, and the catalog the largest Fargate task holds. */
export function capacity(r: ContainerResults): { bytesPerMovie: number; largestTaskMiB: number; thresholdMovies: number; from: [number, number] } {
  const [small, large] = [...r.startup].sort((a, b) => a.movies - b.movies).filter((_, i, all) => i === 0 || i === all.length - 1);
  const bytesPerMovie = ((large!.rssAfterReadyMiB - small!.rssAfterReadyMiB) * 2 ** 20) / (large!.movies - small!.movies);
  const largestTaskMiB = LARGEST_FARGATE_TASK_MIB;
  // RSS grows linearly from the small run; the threshold is where it reaches the usable share of the task.
  const usableBytes = largestTaskMiB * 2 ** 20 * (1 - HEADROOM);
  const thresholdMovies = small!.movies + (usableBytes - small!.rssAfterReadyMiB * 2 ** 20) / bytesPerMovie;
  return { bytesPerMovie, largestTaskMiB, thresholdMovies, from: [small!.movies, large!.movies] };
}

/** Each generated block, keyed by its marker name. */
export function renderBlocks(r: ContainerResults): Record<string, string> {
  const c = capacity(r);
  const capacityBlock = [
    `_From the start-up runs in [docs/results/recommender-container.json](../../docs/results/recommender-container.json) (${r.generatedAt.slice(0, 10)}, ${r.machine.cpuModel}, ${r.machine.cores} cores, Node ${r.machine.node}): resident memory after ready at ${n(c.from[0])} and ${n(c.from[1])} movies._`,
    '',
    `- Measured memory per movie (index + vectors + catalog, ${r.catalog.dimensions} dimensions): **${n(c.bytesPerMovie)} bytes** (the RSS difference divided by the movie difference).`,
    `- Largest Fargate task: **${n(c.largestTaskMiB)} MiB** (16 vCPU, 120 GB). Extrapolated linearly, with the sizing's ${HEADROOM * 100} % headroom, one task holds about **${n(Math.floor(c.thresholdMovies / 100_000) * 100_000)} movies**; the extrapolation is the estimate, not a measurement at that size.`,
  ].join('\n');
  const l = r.catalogLogs;
  const logsBlock = l
    ? [
        `_From [docs/results/recommender-container.json](../../docs/results/recommender-container.json), \`catalogLogs\`, ${l.generatedAt.slice(0, 10)}: ${l.machine.cpuModel}, ${l.machine.cores} cores, ${l.machine.platform}, Node ${l.machine.node}, load average ${l.machine.loadAverage.atStart[0]} at start; ${l.settings.redis}. Measured in one run, side by side._`,
        '',
        '| | Embedded file log | Redis stream |',
        '|---|---|---|',
        `| add acknowledged, p50 / p99 (${l.settings.sequentialAdds} sequential adds) | ${ms(l.file.ack.p50Ms)} / ${ms(l.file.ack.p99Ms)} | ${ms(l.redisStream.ack.p50Ms)} / ${ms(l.redisStream.ack.p99Ms)} |`,
        `| visible on a second replica, p50 / p99 (${l.settings.visibilityWrites} adds) | — (one replica by design) | ${ms(l.redisStream.visibilityOnSecondReplica.p50Ms)} / ${ms(l.redisStream.visibilityOnSecondReplica.p99Ms)} |`,
        `| ${n(l.settings.catchUpWrites)} writes from 32 clients | ${n(l.file.writesPerSecond)} per second | ${n(l.redisStream.writesPerSecond)} per second |`,
        `| catch-up of a replica that missed them (from its snapshot): records replayed, replay / spawn to ready | ${n(l.file.catchUp.replayed)}, ${ms(l.file.catchUp.replayMs)} / ${ms(l.file.catchUp.readyMs)} | ${n(l.redisStream.catchUp.replayed)}, ${ms(l.redisStream.catchUp.replayMs)} / ${ms(l.redisStream.catchUp.readyMs)} |`,
      ].join('\n')
    : '_Not measured yet: run `npm run bench` (or `npx tsx bench/run.ts --only catalog-logs`)._';
  return { capacity: capacityBlock, 'catalog-logs': logsBlock };
}

/** The README with every block (`recommender-container:<key of renderBlocks>`) replaced. @throws if a marker is missing. */
export function renderDoc(doc: string, results: ContainerResults): string {
  const blocks = Object.fromEntries(Object.entries(renderBlocks(results)).map(([name, body]) => [`recommender-container:${name}`, body]));
  return fillMarkedBlocks(doc, blocks, 'apps/recommender-container/README.md');
}

/** apps/recommender-container/README.md under `root`, rendered from that root's recommender-container.json. */
export function renderRecommenderContainerPage(root: string): RenderedFile {
  return renderPage(root, 'apps/recommender-container/README.md', (page) => renderDoc(page, readResultsJson<ContainerResults>(root, 'recommender-container.json')));
}
