/**
 * "What would it cost you?" panel: sliders for requests per day, the footfall function's
 * memory and provisioned concurrency; both homes' monthly bills and the break-even update
 * as they move. The numbers come from @serverless-ai/cost-model, the same code
 * `npm run cost` runs, bundled here with the committed benchmark results it reads, so the
 * page and the CLI cannot disagree (the e2e test checks that they do not).
 */
import { compareHomes, type Comparison, type BreakEven, readMeasurements, PRICE_TABLE } from '@serverless-ai/cost-model';
import contrast from '../../../docs/results/contrast.json' with { type: 'json' };
import footfallLambda from '../../../docs/results/footfall-lambda.json' with { type: 'json' };
import recommenderContainer from '../../../docs/results/recommender-container.json' with { type: 'json' };
import { byId, formatNumber, h, show } from './dom.js';

/** The requests-per-day steps of the slider: 1, 2, 5 per decade from 1,000 to 1 billion. */
export const REQUEST_STEPS: readonly number[] = Array.from({ length: 19 }, (_, i) => [1, 2, 5][i % 3]! * 10 ** (3 + Math.floor(i / 3)));
/** Where the requests slider starts: 50,000 a day. */
const DEFAULT_STEP = REQUEST_STEPS.indexOf(50_000);
/** The recommender catalog shown next to the footfall model. */
const RECOMMENDER_MOVIES = 100_000;

const usd = (value: number): string => `$${formatNumber(value, 2)}`;
const perDay = (b: BreakEven): string => (b.requestsPerDay === null ? 'never (below 100,000 requests/s)' : `${formatNumber(b.requestsPerDay)} requests/day`);

/** Wires the panel. Needs no server: everything it shows is computed in the page. */
export function initCostPanel(): void {
  const requests = byId('cost-requests', HTMLInputElement);
  const memory = byId('cost-memory', HTMLInputElement);
  const provisioned = byId('cost-provisioned', HTMLInputElement);
  const requestsValue = byId('cost-requests-value', HTMLOutputElement);
  const memoryValue = byId('cost-memory-value', HTMLOutputElement);
  const provisionedValue = byId('cost-provisioned-value', HTMLOutputElement);
  const result = byId('cost-result', HTMLDivElement);
  byId('cost-form', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
  const measurements = readMeasurements({ footfallLambda, recommenderContainer, contrast });

  requests.min = '0';
  requests.max = String(REQUEST_STEPS.length - 1);
  requests.step = '1';
  requests.value = String(DEFAULT_STEP);

  const update = (): void => {
    const requestsPerDay = REQUEST_STEPS[Number(requests.value)] ?? REQUEST_STEPS[DEFAULT_STEP]!;
    const memoryMB = Number(memory.value);
    const count = Number(provisioned.value);
    requests.setAttribute('aria-valuetext', `${formatNumber(requestsPerDay)} requests per day`);
    requestsValue.textContent = formatNumber(requestsPerDay);
    requestsValue.dataset.requestsPerDay = String(requestsPerDay);
    memoryValue.textContent = `${memoryMB} MB`;
    provisionedValue.textContent = String(count);
    show(result, renderComparison(compareHomes(measurements, { requestsPerDay, memoryMB, provisioned: count })));
  };
  for (const input of [requests, memory, provisioned]) input.addEventListener('input', update);
  update();
}

function row(label: string, key: string, value: number, note: string): HTMLTableRowElement {
  return h('tr', { 'data-home': key, 'data-usd': String(value) }, h('th', { scope: 'row' }, label), h('td', {}, usd(value)), h('td', {}, note));
}

function renderComparison(c: Comparison): HTMLElement[] {
  const f = c.footfall;
  const r = c.recommender.find((x) => x.movies === RECOMMENDER_MOVIES && x.mode === 'snapshot');
  const table = h(
    'table',
    { id: 'cost-table' },
    h('caption', {}, `A month at ${formatNumber(c.inputs.requestsPerDay)} requests/day, ${c.priceTable.region} prices read ${c.priceTable.read}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Home'), h('th', { scope: 'col' }, 'Monthly cost'), h('th', { scope: 'col' }, 'Shape'))),
    h(
      'tbody',
      {},
      row('Footfall on Lambda + HTTP API', 'footfall-lambda', f.lambda.totalUsd, `${f.lambda.memoryMB} MB arm64, billed ${f.lambda.billedMs} ms a request, ${c.inputs.provisioned} provisioned`),
      row('Footfall on Fargate', 'footfall-fargate', f.fargate.totalUsd, `${f.fargate.peakTasks} × ${f.fargate.task.cpu / 1024} vCPU, load balancer, NAT gateway`),
      r && row(`Recommender (${formatNumber(RECOMMENDER_MOVIES)} movies) on Lambda`, 'recommender-lambda', r.lambda.totalUsd, `${r.lambda.memoryMB} MB x86_64, ${formatNumber(r.lambda.initMs)} ms init`),
      r && row(`Recommender (${formatNumber(RECOMMENDER_MOVIES)} movies) on Fargate`, 'recommender-fargate', r.fargate.totalUsd, `${r.fargate.peakTasks} × ${r.fargate.task.cpu / 1024} vCPU, + EFS, MemoryDB`),
    ),
  );
  const breakEven = h(
    'p',
    {
      id: 'cost-break-even',
      'data-requests-per-day': String(f.breakEven.withoutProvisioned.requestsPerDay),
      'data-with-provisioned-requests-per-day': String(f.breakEven.withProvisioned.requestsPerDay),
    },
    'Footfall: Lambda stops being cheaper at ',
    h('strong', {}, perDay(f.breakEven.withoutProvisioned)),
    `; with ${f.breakEven.withProvisioned.count} provisioned environments at `,
    h('strong', {}, perDay(f.breakEven.withProvisioned)),
    '.',
  );
  const note = h('p', { class: 'note' }, `Left out: data transfer, free tiers, savings plans. Prices and their sources: packages/cost-model (read ${PRICE_TABLE.read}); the same numbers as npm run cost.`);
  return [table, breakEven, note];
}
