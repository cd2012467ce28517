/**
 * The figures of docs/footfall-lambda.md, from docs/results/footfall-lambda.json
 * (apps/footfall-lambda's `npm run bench`), so the page never quotes a number the
 * benchmark did not produce. Only the text between `<!-- footfall-lambda:<block>:start/end -->`
 * markers is replaced; the prose around it is written by hand.
 */
import { fillMarkedBlocks } from '../marked-blocks.js';
import { readResultsJson, renderPage, type RenderedFile } from './rendered-file.js';

/** The fields of footfall-lambda.json that the page quotes. */
export interface FootfallLambdaResults {
  date: string;
  runs: number;
  machine: { cpuModel: string; cores: number; node: string; platform: string; loadAverage1mAtStart?: number };
  coldStart: {
    footfall: { medianSpawnToResponseMs: number; medianInitMs: number; medianModelLoadMs: number; medianPeakRssMiB: number };
    helloWorld: { medianSpawnToResponseMs: number; medianInitMs: number; medianPeakRssMiB: number };
    initBreakdown: {
      stages: { name: string; bytes: number; medianInitMs: number; medianSpawnToResponseMs: number; medianCpuMs?: number }[];
      /** `consoleLogger` (the default logger) since issue 10's round 2; restOfHandler is counted with the logger footfall uses. */
      addedInitMs: { consoleLogger?: number; powertoolsLogger: number; footfallModel: number; restOfHandler: number };
      budgetMs: number;
    };
    medianOverheadMs: number;
    ratioOfMedians: number;
    medianOfPairedRatios: number;
    /** Median CPU time (user + system, whole process) footfall / hello-world, when the bench recorded it. */
    ratioOfMedianCpu?: number;
    medianCpuOverheadMs?: number;
    powertoolsVariant?: { ratioOfMedians: number; ratioOfMedianCpu: number; medianInitMs: number };
  };
  warm: Record<'predictOneRowUs' | 'validateAndPredictOneRowUs' | 'handlerOneRowUs', { p50: number; p99: number }>;
  batch1000: { medianPredictMs: number; medianHandlerMs: number; requestBodyBytes: number };
  bundle: { bytes: number; zippedBytes: number; handlerBytesByPackage: Record<string, number>; helloWorld: { bytes: number; zippedBytes: number } };
  targets: { name: string; target: string; measured: number; met: boolean }[];
}

const n = (value: number): string => value.toLocaleString('en-US');
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** What each cold-start stage bundle holds (bench/init-stages/). */
const STAGE_LABELS: Record<string, string> = {
  helloWorld: 'hello-world',
  consoleLogger: 'hello-world + the default console logger (`src/logger.ts`)',
  powertoolsLogger: 'hello-world + the Powertools Logger (`bench/variants/powertools-logger.ts`)',
  footfallModel: 'hello-world + the model package, zod and the model load',
  footfall: 'the footfall handler: its logger, the model stage, the routes and the first log line',
};
const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

/** Each generated block, keyed by its marker name. */
export function renderBlocks(r: FootfallLambdaResults): Record<string, string> {
  const c = r.coldStart;
  const w = r.warm;
  const source = `_From [docs/results/footfall-lambda.json](results/footfall-lambda.json), ${r.date.slice(0, 10)}: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.platform}, Node ${r.machine.node}${r.machine.loadAverage1mAtStart === undefined ? '' : `, load average ${r.machine.loadAverage1mAtStart} at start`}._`;
  const byPackage = Object.entries(r.bundle.handlerBytesByPackage)
    .sort(([, a], [, b]) => b - a)
    .map(([name, bytes]) => `${name} ${kb(bytes)}`)
    .join(', ');
  const target = (prefix: string): string => {
    const t = r.targets.find((x) => x.name.startsWith(prefix));
    return t ? `${t.target}: ${t.met ? 'met' : '**not met**'}` : 'no target recorded';
  };
  return {
    size: [
      source,
      '',
      '| | bytes | zipped (deflate 6) |',
      '| --- | ---: | ---: |',
      `| footfall package: \`index.mjs\` + \`footfall-model.json\` | ${n(r.bundle.bytes)} | ${n(r.bundle.zippedBytes)} |`,
      `| hello-world baseline, same esbuild settings | ${n(r.bundle.helloWorld.bytes)} | ${n(r.bundle.helloWorld.zippedBytes)} |`,
      '| Lambda\'s limit for a direct upload | 250 MiB unzipped | 50 MiB |',
      '| This project\'s budget (enforced by `tests/bundle.test.ts`) | | 1 MiB |',
      '',
      `Of the handler bundle (\`bundle.handlerBytesByPackage\`): ${byPackage}. Zipped package target ${target('Lambda package zipped')}.`,
    ].join('\n'),
    'cold-start': [
      source,
      '',
      `| median of ${r.runs} | spawn → first response | init (import) | of which model load | peak RSS |`,
      '| --- | ---: | ---: | ---: | ---: |',
      `| footfall | ${c.footfall.medianSpawnToResponseMs} ms | ${c.footfall.medianInitMs} ms | ${c.footfall.medianModelLoadMs} ms | ${c.footfall.medianPeakRssMiB} MiB |`,
      `| hello-world | ${c.helloWorld.medianSpawnToResponseMs} ms | ${c.helloWorld.medianInitMs} ms | | ${c.helloWorld.medianPeakRssMiB} MiB |`,
      '',
      `The footfall bundle adds ${c.medianOverheadMs} ms to a cold start here: a ratio of ${c.ratioOfMedians} to hello-world (${c.medianOfPairedRatios} as the median of the paired ratios). Target ${target('cold start')}.` +
        (c.ratioOfMedianCpu === undefined
          ? ''
          : ` In CPU time of the whole process, which a busy machine disturbs far less, footfall adds ${c.medianCpuOverheadMs} ms: a ratio of ${c.ratioOfMedianCpu} (target ${target('cold start, CPU time')}).`) +
        (c.powertoolsVariant === undefined
          ? ''
          : ` The same handler with the Powertools Logger instead: ${c.powertoolsVariant.ratioOfMedians} (CPU ${c.powertoolsVariant.ratioOfMedianCpu}).`),
    ].join('\n'),
    'init-breakdown': (() => {
      const b = c.initBreakdown;
      const hello = b.stages.find((stage) => stage.name === 'helloWorld')!;
      return [
        source,
        '',
        `| bundle (median of ${r.runs}) | bytes | init (import) | adds to hello-world's init | spawn → first response |`,
        '| --- | ---: | ---: | ---: | ---: |',
        ...b.stages.map(
          (stage) =>
            `| ${STAGE_LABELS[stage.name] ?? stage.name} | ${n(stage.bytes)} | ${ms(stage.medianInitMs)} | ${stage.name === 'helloWorld' ? '' : ms(stage.medianInitMs - hello.medianInitMs)} | ${ms(stage.medianSpawnToResponseMs)} |`,
        ),
        '',
        `The ${r.targets.find((t) => t.name.startsWith('cold start'))?.target ?? ''} target leaves ${ms(b.budgetMs)} (${Math.round((100 * b.budgetMs) / hello.medianSpawnToResponseMs)} % of hello-world's spawn → response) for everything the handler adds. ` +
          (b.addedInitMs.consoleLogger === undefined
            ? `Constructing the Powertools Logger alone adds ${ms(b.addedInitMs.powertoolsLogger)} of init; `
            : `The default console logger adds ${ms(b.addedInitMs.consoleLogger)} of init, where the Powertools Logger would add ${ms(b.addedInitMs.powertoolsLogger)}; `) +
          `the model package with zod, and loading the model, add ${ms(b.addedInitMs.footfallModel)}; ` +
          (b.addedInitMs.restOfHandler >= 0
            ? `the routes and the first log line add ${ms(b.addedInitMs.restOfHandler)} more. `
            : `the whole handler's init is ${ms(-b.addedInitMs.restOfHandler)} less than the two parts add up to, because they share work (see below). `) +
          (b.addedInitMs.consoleLogger === undefined
            ? `The logger alone uses ${Math.round((100 * b.addedInitMs.powertoolsLogger) / b.budgetMs)} % of the budget.`
            : `The Powertools Logger alone would use ${Math.round((100 * b.addedInitMs.powertoolsLogger) / b.budgetMs)} % of the budget; the model stage uses ${Math.round((100 * b.addedInitMs.footfallModel) / b.budgetMs)} %.`),
      ].join('\n');
    })(),
    warm: [
      source,
      '',
      '| | p50 | p99 |',
      '| --- | ---: | ---: |',
      `| \`model.predict\`, one parsed row | ${w.predictOneRowUs.p50} µs | ${w.predictOneRowUs.p99} µs |`,
      `| validate a \`{features}\` body + predict | ${w.validateAndPredictOneRowUs.p50} µs | ${w.validateAndPredictOneRowUs.p99} µs |`,
      `| the whole bundled handler, one API Gateway event (JSON parse, validation, predict, response, log line) | ${w.handlerOneRowUs.p50} µs | ${w.handlerOneRowUs.p99} µs |`,
      '',
      `A batch of 1,000 rows predicts in ${r.batch1000.medianPredictMs} ms (\`batch1000.medianPredictMs\`); the whole request, with its ${(r.batch1000.requestBodyBytes / 1e6).toFixed(1)} MB JSON body parsed and validated, takes ${r.batch1000.medianHandlerMs} ms in the handler. Warm prediction target ${target('warm model.predict')}.`,
    ].join('\n'),
  };
}

/** Each block's marker name is `footfall-lambda:<key of renderBlocks>`. */
export function renderDoc(doc: string, results: FootfallLambdaResults): string {
  const blocks = Object.fromEntries(Object.entries(renderBlocks(results)).map(([name, body]) => [`footfall-lambda:${name}`, body]));
  return fillMarkedBlocks(doc, blocks, 'docs/footfall-lambda.md');
}

/** docs/footfall-lambda.md under `root`, rendered from that root's footfall-lambda.json. */
export function renderFootfallLambdaPage(root: string): RenderedFile {
  return renderPage(root, 'docs/footfall-lambda.md', (page) => renderDoc(page, readResultsJson<FootfallLambdaResults>(root, 'footfall-lambda.json')));
}
