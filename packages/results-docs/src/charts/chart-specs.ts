/**
 * The four charts of the docs as vega-lite specs, built from the results JSON files.
 *
 * Each builder takes parsed results and returns a spec with a title, axis titles with
 * units, and a caption line under the plot naming the machine(s) and the source
 * file(s). Nothing here touches the disk or renders: render-charts.ts does. Edit a builder
 * to change a chart; keep the caption, because a figure without its machine is
 * not a measurement.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  describeMachine,
  type ContrastResult,
  type MachineBlock,
  type RecommenderContainerResult,
  type RecommenderIndexResult,
} from '../results.js';

const WIDTH = 560;
const HEIGHT = 320;
const MiB = 2 ** 20;

/**
 * Splits text into lines of at most `max` characters. Headless vega has no canvas to
 * measure text, so it estimates widths generously; long single lines would make the
 * SVG far wider than what it draws.
 */
export function wrap(text: string, max = 95): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Lambda's Init phase limit, drawn on the cold-start chart. */
export const INIT_LIMIT_MS = 10_000;

/** A source file and the machine it was measured on, for captions. */
interface Source {
  file: string;
  machine: MachineBlock;
}

/**
 * Caption lines: `Measured on AMD EPYC, 2 cores, … (Node v20.20.2)` then the source
 * files, one line per machine when files were measured on different machines.
 */
export function captionFor(sources: readonly Source[]): string[] {
  const byMachine = new Map<string, string[]>();
  for (const source of sources) {
    const machine = describeMachine(source.machine);
    byMachine.set(machine, [...(byMachine.get(machine) ?? []), `docs/results/${source.file}`]);
  }
  return [...byMachine].flatMap(([machine, files]) => wrap(`Measured on ${machine}. Source: ${files.join(', ')}.`, 110));
}

/** Wraps a plot with its title and a caption line underneath. */
function withCaption(title: string, subtitle: string, plot: Record<string, unknown>, caption: string[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: wrap(subtitle), anchor: 'start', fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555' },
    config: { font: 'Helvetica, Arial, sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 0 } },
    vconcat: [
      { width: WIDTH, height: HEIGHT, ...plot },
      {
        width: WIDTH,
        height: 14 * caption.length,
        data: { values: [{}] },
        mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 10, color: '#555', limit: 0 },
        encoding: { x: { value: 0 }, y: { value: 0 }, text: { value: caption } },
      },
    ],
  } as TopLevelSpec;
}

/** cold-start-vs-state.svg: median cold start against the bytes of state read at init. */
export function coldStartVsStateSpec(contrast: ContrastResult): TopLevelSpec {
  const rows: { series: string; stateMiB: number; medianMs: number; minMs: number; maxMs: number; label: string }[] = [
    {
      series: 'footfall on Lambda',
      stateMiB: contrast.footfall.stateBytes / MiB,
      medianMs: contrast.footfall.coldStart.medianMs,
      minMs: contrast.footfall.coldStart.minMs,
      maxMs: contrast.footfall.coldStart.maxMs,
      label: 'footfall',
    },
  ];
  for (const size of contrast.sizes) {
    for (const m of size.modes) {
      if ('skipped' in m) continue;
      rows.push({
        series: m.mode === 'build' ? 'recommender on Lambda, index built at init' : 'recommender on Lambda, snapshot loaded',
        stateMiB: m.stateBytes / MiB,
        medianMs: m.coldStart.medianMs,
        minMs: m.coldStart.minMs,
        maxMs: m.coldStart.maxMs,
        label: size.movies >= 1_000_000 ? `${size.movies / 1_000_000}M` : `${size.movies / 1000}k`,
      });
    }
  }
  const x = { field: 'stateMiB', type: 'quantitative', scale: { type: 'log' }, title: 'State read at init (MiB, log scale)' };
  const y = { field: 'medianMs', type: 'quantitative', scale: { type: 'log' }, title: 'Cold start, spawn → first response (ms, log scale)' };
  const color = { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } };
  return withCaption(
    'Cold start against state size',
    `Medians of ${contrast.parameters.runs} fresh-process runs (bars: min–max); labels are catalog sizes in movies. Dashed line: Lambda's 10 s Init phase limit.`,
    {
      layer: [
        { data: { values: rows }, mark: { type: 'line', point: { size: 60 } }, encoding: { x, y, color } },
        { data: { values: rows }, mark: { type: 'rule' }, encoding: { x, y: { field: 'minMs', type: 'quantitative' }, y2: { field: 'maxMs' }, color } },
        { data: { values: rows }, mark: { type: 'text', dx: 8, dy: -8, align: 'left', fontSize: 10 }, encoding: { x, y, text: { field: 'label' }, color } },
        {
          data: { values: [{ limit: INIT_LIMIT_MS, text: 'Lambda Init phase limit, 10 s' }] },
          layer: [
            { mark: { type: 'rule', strokeDash: [6, 4], color: '#b00' }, encoding: { y: { field: 'limit', type: 'quantitative' } } },
            { mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#b00', fontSize: 10 }, encoding: { x: { value: 0 }, y: { field: 'limit', type: 'quantitative' }, text: { field: 'text' } } },
          ],
        },
      ],
    },
    captionFor([{ file: 'contrast.json', machine: contrast.machine }]),
  );
}

/**
 * latency-side-by-side.svg: the time each model's handler takes to answer one request,
 * measured the same way for both (issue 13: like with like). The only measurement both
 * models share is contrast.json's: each as a Lambda package, a fresh process imports the
 * bundle and answers one real-shaped event, and the first event's handler time is timed in
 * process (`invokeMedianMs`), same harness, same run, same machine. The other latencies are
 * of different kinds and stay off this chart: footfall's warm handler call in a loop
 * (footfall-lambda.json) has no recommender counterpart, and the recommender's HTTP
 * requests under load (recommender-container.json) have no footfall counterpart.
 */
export function latencySideBySideSpec(contrast: ContrastResult): TopLevelSpec {
  const rows: { what: string; model: string; ms: number }[] = [{ what: 'footfall predictor', model: 'footfall predictor', ms: contrast.footfall.invokeMedianMs }];
  for (const size of contrast.sizes) {
    for (const m of size.modes) {
      if ('skipped' in m) continue;
      const how = m.mode === 'snapshot' ? 'index from a snapshot' : 'index built at init';
      rows.push({ what: `recommender, ${size.movies.toLocaleString('en-US')} movies|${how}`, model: 'movie recommender', ms: m.invokeMedianMs });
    }
  }
  return withCaption(
    'Time to answer one request, both models measured the same way',
    `Each bar: the handler's time for the first event after init, called in process in a fresh process (the Lambda package, as in the cross-pairing run), median of ${contrast.parameters.runs} processes. ` +
      'Not drawn: warm HTTP latency, measured for the recommender only (recommender-container.json), and footfall\'s warm in-process call (footfall-lambda.json), which has no recommender counterpart.',
    {
      data: { values: rows },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'what', type: 'nominal', title: null, sort: null, axis: { labelExpr: "split(datum.label, '|')", labelLimit: 300 } },
            x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, stack: null, title: 'Handler time, first event after init (ms, log scale)' },
            color: { field: 'model', type: 'nominal', title: 'Model', legend: { orient: 'bottom' } },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
          encoding: {
            y: { field: 'what', type: 'nominal', sort: null },
            x: { field: 'ms', type: 'quantitative', scale: { type: 'log' } },
            text: { field: 'ms', type: 'quantitative', format: '.3~r' },
          },
        },
      ],
    },
    captionFor([{ file: 'contrast.json', machine: contrast.machine }]),
  );
}

/** recall-vs-qps.svg: the HNSW ef sweep, one line per catalog size, with exact search for reference. */
export function recallVsQpsSpec(index: RecommenderIndexResult): TopLevelSpec {
  const rows: { size: string; qps: number; recall: number; label: string; kind: string }[] = [];
  for (const size of index.sizes) {
    const name = `${size.movies.toLocaleString('en-US')} movies`;
    for (const point of size.hnsw) rows.push({ size: name, qps: point.qps, recall: point.recallAt10, label: `ef ${point.ef}`, kind: 'HNSW' });
    if (size.exact) rows.push({ size: name, qps: size.exact.qps, recall: 1, label: 'exact', kind: 'exact (brute force)' });
  }
  const x = { field: 'qps', type: 'quantitative', scale: { type: 'log' }, title: 'Throughput (queries per second, one core, log scale)' };
  const y = { field: 'recall', type: 'quantitative', scale: { zero: false }, title: 'recall@10 (fraction of the exact top 10)' };
  const color = { field: 'size', type: 'nominal', title: 'Catalog', legend: { orient: 'bottom' } };
  return withCaption(
    'Recall against queries per second',
    'HNSW (hnswlib-node) at each ef, against exact search over the same vectors. Higher and further right is better.',
    {
      data: { values: rows },
      layer: [
        { transform: [{ filter: "datum.kind === 'HNSW'" }], mark: { type: 'line', point: true }, encoding: { x, y, color, order: { field: 'qps', type: 'quantitative' } } },
        { transform: [{ filter: "datum.kind !== 'HNSW'" }], mark: { type: 'point', shape: 'square', filled: true, size: 70 }, encoding: { x, y, color } },
        { mark: { type: 'text', dx: 6, dy: -7, align: 'left', fontSize: 9 }, encoding: { x, y, text: { field: 'label' }, color } },
      ],
    },
    captionFor([{ file: 'recommender-index.json', machine: index.machine }]),
  );
}

/** snapshot-vs-rebuild.svg: starting from a snapshot against rebuilding the index, wherever it was measured. */
export function snapshotVsRebuildSpec(sources: {
  index: RecommenderIndexResult | null;
  container: RecommenderContainerResult | null;
  contrast: ContrastResult | null;
}): TopLevelSpec {
  const rows: { where: string; how: string; movies: number; ms: number }[] = [];
  const captionSources: Source[] = [];
  if (sources.index) {
    captionSources.push({ file: 'recommender-index.json', machine: sources.index.machine });
    for (const size of sources.index.sizes) {
      rows.push({ where: 'index only (in process)', how: 'rebuild', movies: size.movies, ms: size.snapshot.rebuildMedianMs });
      rows.push({ where: 'index only (in process)', how: 'snapshot', movies: size.movies, ms: size.snapshot.loadMedianMs });
    }
  }
  if (sources.container?.startup) {
    captionSources.push({ file: 'recommender-container.json', machine: sources.container.machine });
    for (const size of sources.container.startup) {
      rows.push({ where: 'container: start → ready', how: 'rebuild', movies: size.movies, ms: size.rebuild.medianReadyMs });
      rows.push({ where: 'container: start → ready', how: 'snapshot', movies: size.movies, ms: size.snapshot.medianReadyMs });
    }
  }
  if (sources.contrast) {
    captionSources.push({ file: 'contrast.json', machine: sources.contrast.machine });
    for (const size of sources.contrast.sizes) {
      for (const m of size.modes) {
        if ('skipped' in m) continue;
        rows.push({ where: 'Lambda: cold start → first response', how: m.mode === 'build' ? 'rebuild' : 'snapshot', movies: size.movies, ms: m.coldStart.medianMs });
      }
    }
  }
  const x = { field: 'movies', type: 'quantitative', scale: { type: 'log' }, title: 'Catalog size (movies, log scale)' };
  const y = { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'Time (ms, log scale)' };
  return withCaption(
    'Start from a snapshot against rebuilding the index',
    'Solid: the HNSW graph is rebuilt from the embeddings; dashed: a saved graph is loaded. Medians.',
    {
      data: { values: rows },
      mark: { type: 'line', point: true },
      encoding: {
        x,
        y,
        color: { field: 'where', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
        strokeDash: { field: 'how', type: 'nominal', title: 'Index', scale: { domain: ['rebuild', 'snapshot'], range: [[1, 0], [6, 4]] }, legend: { orient: 'bottom' } },
        shape: { field: 'how', type: 'nominal', title: 'Index' },
      },
    },
    captionFor(captionSources),
  );
}

/** The parts of docs/results/elasticity.json read here (packages/cost-model, `npm run simulate -- --profile spike --json`). */
export interface ElasticityResult {
  profile: string;
  seed: number;
  machine: MachineBlock;
  homes: { home: string; windows: { startS: number; p99Ms: number | null; rejected: number }[] }[];
}

/** The parts of docs/results/cost-model.json read here (packages/cost-model, `npm run cost -- --write-results`). */
export interface CostModelResult {
  priceTable: { region: string; read: string };
  machine: MachineBlock;
  breakEven: { home: string; movies: number | null; mode: string | null; withoutProvisioned: { requestsPerDay: number | null; lambdaUsd: number | null } }[];
  curve: { requestsPerDay: number; series: string; usd: number }[];
}

/** elasticity-latency.svg: p99 latency over time of every home during the simulated spike. */
export function elasticityLatencySpec(elasticity: ElasticityResult): TopLevelSpec {
  const rows = elasticity.homes.flatMap((h) => h.windows.filter((w) => w.p99Ms !== null).map((w) => ({ home: h.home, t: w.startS, p99Ms: w.p99Ms })));
  return withCaption(
    `Latency over time: the ${elasticity.profile} on each home`,
    `Simulated (seed ${elasticity.seed}), 5 s windows: p99 of the requests arriving in each window. 10 → 2,000 requests/s at 60 s, held five minutes. Lambda latencies are the handler's (API Gateway and the invoke path are not measured here).`,
    {
      data: { values: rows },
      mark: { type: 'line', point: { size: 16 } },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'Time since the start (s)' },
        y: { field: 'p99Ms', type: 'quantitative', scale: { type: 'log' }, title: 'p99 latency (ms, log scale)' },
        color: { field: 'home', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
      },
    },
    [...wrap('Simulation inputs: docs/results/footfall-lambda.json, recommender-container.json, contrast.json.', 110), ...captionFor([{ file: 'elasticity.json', machine: elasticity.machine }])],
  );
}

/** cost-vs-traffic.svg: monthly cost of each home against requests per day, break-evens marked. */
export function costVsTrafficSpec(cost: CostModelResult): TopLevelSpec {
  const x = { field: 'requestsPerDay', type: 'quantitative', scale: { type: 'log' }, title: 'Requests per day (log scale)' };
  const y = { field: 'usd', type: 'quantitative', scale: { type: 'log' }, title: 'Monthly cost (USD, log scale)' };
  const marks = cost.breakEven
    .filter((b) => b.withoutProvisioned.requestsPerDay !== null && b.withoutProvisioned.lambdaUsd !== null && (b.home === 'footfall' || (b.mode === 'snapshot' && b.movies === 100_000)))
    .map((b) => ({
      requestsPerDay: b.withoutProvisioned.requestsPerDay,
      usd: b.withoutProvisioned.lambdaUsd,
      label: `${b.home === 'footfall' ? 'footfall' : `recommender ${b.movies! / 1000}k`}: ${Math.round(b.withoutProvisioned.requestsPerDay! / 1000).toLocaleString('en-US')}k requests/day`,
    }));
  return withCaption(
    'Monthly cost against traffic',
    `Each model on Lambda (with its HTTP API) and on its Fargate service (tasks, load balancer, NAT gateway, and for the recommender EFS and MemoryDB), ${cost.priceTable.region} prices read ${cost.priceTable.read}. Dots: break-even without provisioned concurrency. Lines that seem missing lie under others: the recommender's 10k and 100k Fargate bills are equal, and on Lambda per-request fees make all four Lambda bills nearly one line.`,
    {
      layer: [
        { data: { values: cost.curve }, mark: { type: 'line' }, encoding: { x, y, color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', columns: 2 } } } },
        { data: { values: marks }, mark: { type: 'point', filled: true, size: 70, color: '#000' }, encoding: { x, y } },
        { data: { values: marks }, mark: { type: 'text', align: 'left', dx: 8, dy: 12, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } },
      ],
    },
    [...wrap('Priced from docs/results/footfall-lambda.json, recommender-container.json, contrast.json and packages/cost-model/src/prices/us-east-1.json.', 110), ...captionFor([{ file: 'cost-model.json', machine: cost.machine }])],
  );
}
