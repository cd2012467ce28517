/**
 * The chart renderer and the docs table, on small results files the test writes:
 * every chart comes out as an SVG document with its title, axis titles, units and
 * caption; a chart whose input is missing is skipped and says which file to make;
 * a renamed field stops with its name.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderCharts } from '../src/charts/render-charts.js';
import { blockMarkers } from '../src/marked-blocks.js';
import { BLOCK, renderContrastPage, renderVerdictTable } from '../src/pages/contrast.js';
import { ResultsFileError } from '../src/results.js';
import { writeResultsFixtures } from './support/results-fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'results-docs-charts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The text of every `<text>` element, entities decoded, so assertions read like the chart. */
function textsOf(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)]
    .map((m) => m[1]!.replace(/<[^>]+>/g, ' '))
    .join('\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x27;|&#39;/g, "'");
}

describe('renderCharts', () => {
  it('writes six SVG documents with title, axis titles with units, and a caption naming machine and source', async () => {
    // Arrange
    writeResultsFixtures(dir, ['contrast', 'footfall-lambda', 'recommender-container', 'recommender-index', 'elasticity', 'cost-model']);

    // Act
    const outcome = await renderCharts({ resultsDir: dir, outDir: dir });

    // Assert
    expect(outcome.skipped).toEqual([]);
    const expected = {
      'cold-start-vs-state.svg': ['Cold start against state size', 'State read at init (MiB', 'Cold start, spawn → first response (ms', 'docs/results/contrast.json'],
      'latency-side-by-side.svg': ['Time to answer one request, both models measured the same way', 'Handler time, first event after init (ms, log scale)', 'docs/results/contrast.json'],
      'recall-vs-qps.svg': ['Recall against queries per second', 'queries per second', 'recall@10', 'docs/results/recommender-index.json'],
      'snapshot-vs-rebuild.svg': ['Start from a snapshot against rebuilding', 'Catalog size (movies', 'Time (ms', 'docs/results/recommender-index.json', 'docs/results/recommender-container.json', 'docs/results/contrast.json'],
      'elasticity-latency.svg': ['Latency over time: the spike on each home', 'Time since the start (s)', 'p99 latency (ms', 'docs/results/elasticity.json'],
      'cost-vs-traffic.svg': ['Monthly cost against traffic', 'Requests per day (log scale)', 'Monthly cost (USD', 'footfall: 2,000k requests/day', 'docs/results/cost-model.json'],
    };
    expect(outcome.written.map((path) => path.slice(dir.length + 1)).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, phrases] of Object.entries(expected)) {
      const svg = readFileSync(join(dir, file), 'utf8');
      expect(svg.startsWith('<svg'), file).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>'), file).toBe(true);
      expect(svg).toMatch(/width="\d+(\.\d+)?" height="\d+(\.\d+)?"/);
      const texts = textsOf(svg);
      for (const phrase of [...phrases, 'Measured on Fixture CPU, 2 cores, 4 GiB, linux-x64, Node v20.0.0']) expect(texts, `${file} lacks "${phrase}"`).toContain(phrase);
    }
  });

  it('draws the latency chart from one kind of measurement only: each handler answering its first event in process', async () => {
    writeResultsFixtures(dir, ['contrast', 'footfall-lambda', 'recommender-container', 'recommender-index', 'elasticity', 'cost-model']);
    await renderCharts({ resultsDir: dir, outDir: dir });
    const texts = textsOf(readFileSync(join(dir, 'latency-side-by-side.svg'), 'utf8'));
    // contrast.json's invokeMedianMs: footfall 1.5 ms, every recommender package 3 ms (the fixture's).
    expect(texts).toContain('1.5');
    expect(texts).toContain('3');
    expect(texts).toContain('index from a snapshot');
    // Every bar is drawn: on a log scale a bar from zero would have no width (the chart once shipped so).
    const svg = readFileSync(join(dir, 'latency-side-by-side.svg'), 'utf8');
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(4);
    expect(svg).not.toMatch(/aria-roledescription="bar" d="M[-\d.]+,[-\d.]+h0v/);
    // Not the footfall's warm loop or the container's HTTP latencies: they are other kinds of measurement.
    expect(texts).not.toContain('at 70 % of max rate');
  });

  it('skips a chart whose input file is missing and names the command that writes it', async () => {
    // Arrange: everything but the cross-pairing results.
    writeResultsFixtures(dir, ['footfall-lambda', 'recommender-container', 'recommender-index', 'elasticity', 'cost-model']);

    // Act
    const outcome = await renderCharts({ resultsDir: dir, outDir: dir });

    // Assert
    const reason = expect.stringContaining('contrast.json is missing (written by `npm run bench:contrast -w @serverless-ai/cross-pairing`)') as string;
    expect(outcome.skipped).toEqual([
      { chart: 'cold-start-vs-state.svg', reason },
      { chart: 'latency-side-by-side.svg', reason },
    ]);
    expect(outcome.written).toHaveLength(4);
  });

  it('stops on a results file whose shape changed, naming the missing field', async () => {
    writeResultsFixtures(dir, ['recommender-index']);
    writeFileSync(join(dir, 'recommender-container.json'), JSON.stringify({ machine: { cpuModel: 'x' }, throughput: {} }));
    await expect(renderCharts({ resultsDir: dir, outDir: dir })).rejects.toThrow(ResultsFileError);
    await expect(renderCharts({ resultsDir: dir, outDir: dir })).rejects.toThrow('recommender-container.json: has no "throughput.recommendations.medianP50Ms"');
  });
});

describe('renderContrastPage', () => {
  it('replaces only the block between the markers with rows generated from contrast.json', () => {
    // Arrange: a repository root with docs/results/contrast.json and docs/contrast.md.
    const MARKERS = blockMarkers(BLOCK);
    mkdirSync(join(dir, 'docs', 'results'), { recursive: true });
    writeResultsFixtures(join(dir, 'docs', 'results'), ['contrast']);
    writeFileSync(join(dir, 'docs', 'contrast.md'), `# Title\n\nProse before.\n\n${MARKERS.start}\nstale table\n${MARKERS.end}\n\nProse after.\n`);

    // Act
    const text = renderContrastPage(dir).content;

    // Assert
    expect(text.startsWith('# Title\n\nProse before.\n\n')).toBe(true);
    expect(text.endsWith(`${MARKERS.end}\n\nProse after.\n`)).toBe(true);
    expect(text).not.toContain('stale table');
    expect(text).toContain('| footfall on Lambda | – | 11.3 KiB | 502.9 KiB (114.3 KiB) | 80 ms (75 ms–95 ms) | 1× |');
    expect(text).toContain('| recommender on Lambda, 1,000 movies | snapshot |');
    expect(text).toContain('| recommender on Lambda, 1,000,000 movies | build | – | – | not measured: too slow to build at init |');
    expect(text).toContain('| recommender, 1,000,000 movies, snapshot | – | **does-not-fit** | – | fail | warn | warn | `UNZIPPED_TOO_LARGE` | – |');
  });
});

describe('renderVerdictTable', () => {
  it('names the route each row is judged on, the verdict on every route, and the image row, from the rows alone', () => {
    // Arrange: rows in the shape the bench writes since the arm64 packages (issue 11).
    const finding = (code: string, level: string, routeLevel: string, routes: string[]) => ({ code, level, routeLevel, routes, message: code });
    const zip = {
      variant: 'recommender-100000-snapshot',
      movies: 100_000,
      mode: 'snapshot' as const,
      packaging: 'zip' as const,
      architecture: 'arm64',
      route: 'zip-s3',
      verdict: 'fits',
      verdictsByRoute: { 'zip-direct': 'does-not-fit', 'zip-s3': 'fits', 'container-image': 'fits' },
      criteria: { dependencies: 'warn', internalState: 'warn', coldStarts: 'pass' },
      nativeBinaries: [{ path: 'node_modules/hnswlib-node/build/Release/addon.node', architecture: 'aarch64', requiredGlibc: '2.29' }],
      findings: [finding('ZIPPED_TOO_LARGE', 'info', 'fail', ['zip-direct']), finding('NATIVE_ADDON', 'warn', 'warn', ['zip-direct', 'zip-s3', 'container-image']), finding('INIT_DATA_LARGE', 'warn', 'warn', ['zip-direct', 'zip-s3', 'container-image'])],
    };
    const image = { ...zip, variant: 'recommender-100000-snapshot-image', packaging: 'image' as const, route: 'container-image', findings: zip.findings.slice(1) };

    // Act
    const lines = renderVerdictTable([zip, image]);

    // Assert
    expect(lines[0]).toMatch(/^fitcheck's verdicts on packages built for the function \(arm64;/);
    expect(lines).toContain('| recommender, 100,000 movies, snapshot | zip-s3 | **fits** | does-not-fit · fits · fits | warn | warn | pass | – | `NATIVE_ADDON`, `INIT_DATA_LARGE` |');
    expect(lines).toContain('| recommender, 100,000 movies, snapshot, **container image** | container-image | **fits** | does-not-fit · fits · fits | warn | warn | pass | – | `NATIVE_ADDON`, `INIT_DATA_LARGE` |');
    expect(lines.at(-1)).toBe('Native binaries in the packages judged: `node_modules/hnswlib-node/build/Release/addon.node` (aarch64, needs glibc 2.29).');
  });
});
