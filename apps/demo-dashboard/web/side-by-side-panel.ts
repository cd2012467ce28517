/**
 * Side-by-side panel: what `npm start` measured at start-up (bundle size, start-up
 * time, memory), the latency this page observes, and the benchmark charts from
 * docs/results/ when `npm run bench` has rendered them.
 */
import { ApiError, callApi, describeError } from './api.js';
import { byId, formatBytes, formatNumber, h, isBusy, setBusy, show, showError } from './dom.js';
import type { LatencyRecorder } from './latency.js';
import type { ChartList, StackSummary } from '../src/shared/types.js';

/** A request the burst can repeat: URL and JSON body, or null when nothing is selected. */
export type RequestSource = () => { url: string; body: unknown } | null;

const SERVICES = [
  { key: 'footfall', label: 'Footfall (Lambda, local server)' },
  { key: 'recommender', label: 'Recommender (container)' },
] as const;
const BURST_SIZE = 50;

/** Wires the panel; `sources` give the burst its request per service. */
export function initSideBySidePanel(recorder: LatencyRecorder, sources: Record<'footfall' | 'recommender', RequestSource>): void {
  const summaryBox = byId('summary', HTMLDivElement);
  const latencyBox = byId('latency', HTMLDivElement);
  const chartsBox = byId('charts', HTMLDivElement);
  const burstButton = byId('latency-burst', HTMLButtonElement);
  const resetButton = byId('latency-reset', HTMLButtonElement);

  callApi<StackSummary>('/api/summary')
    .then((summary) => show(summaryBox, renderSummary(summary)))
    .catch((err: unknown) =>
      err instanceof ApiError && err.status === 404
        ? show(summaryBox, h('p', { class: 'placeholder' }, 'No start-up summary: it is measured when you run npm start.'))
        : showError(summaryBox, describeError(err)),
    );

  callApi<ChartList>('/api/charts')
    .then(({ charts }) =>
      show(
        chartsBox,
        charts.length === 0
          ? h('p', { class: 'placeholder' }, 'No charts yet: run npm run bench to render charts into docs/results/.')
          : h(
              'div',
              { class: 'charts' },
              charts.map((chart) =>
                h('figure', {}, h('img', { src: chart.url, alt: chart.title, loading: 'lazy' }), h('figcaption', {}, `${chart.title} (${chart.name})`)),
              ),
            ),
      ),
    )
    .catch((err: unknown) => showError(chartsBox, describeError(err)));

  const renderLatency = (): void => show(latencyBox, renderLatencyTable(recorder));
  recorder.onChange(renderLatency);
  renderLatency();

  resetButton.addEventListener('click', () => recorder.reset());
  burstButton.addEventListener('click', () => {
    if (isBusy(burstButton)) return;
    setBusy(burstButton, true);
    runBurst(recorder, sources)
      .then((message) => show(latencyBox, renderLatencyTable(recorder), h('p', { class: 'note' }, message)))
      .catch((err: unknown) => show(latencyBox, renderLatencyTable(recorder), h('p', { class: 'error' }, describeError(err))))
      .finally(() => {
        setBusy(burstButton, false);
      });
  });
}

/** One request at a time, so each sample is a latency, not a queueing delay. */
async function runBurst(recorder: LatencyRecorder, sources: Record<'footfall' | 'recommender', RequestSource>): Promise<string> {
  const done: string[] = [];
  const skipped: string[] = [];
  for (const { key } of SERVICES) {
    const request = sources[key]();
    if (!request) {
      skipped.push(key);
      continue;
    }
    for (let i = 0; i < BURST_SIZE; i += 1) {
      await callApi(request.url, { body: request.body, timeAs: { recorder, service: key } });
    }
    done.push(key);
  }
  const parts = [];
  if (done.length > 0) parts.push(`Sent ${BURST_SIZE} requests, one after another, to ${done.join(' and ')}.`);
  if (skipped.length > 0) parts.push(`Skipped ${skipped.join(' and ')}: pick a day or an activity in its panel first.`);
  return parts.join(' ');
}

function renderSummary(summary: StackSummary): HTMLElement {
  return h(
    'div',
    {},
    h(
      'table',
      { id: 'summary-table' },
      h('caption', {}, `Measured ${new Date(summary.measuredAt).toLocaleString('en-GB')}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Service'),
          h('th', { scope: 'col', class: 'num' }, 'Bundle'),
          h('th', { scope: 'col', class: 'num' }, 'Start-up'),
          h('th', { scope: 'col', class: 'num' }, 'Memory (RSS)'),
        ),
      ),
      h(
        'tbody',
        {},
        summary.services.map((service) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, service.name, h('div', { class: 'genres-text' }, service.bundleNote)),
            h('td', { class: 'num' }, formatBytes(service.bundleBytes)),
            h('td', { class: 'num' }, `${formatNumber(service.startupMs)} ms`),
            h('td', { class: 'num' }, formatBytes(service.rssBytes)),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'note' },
      `Start-up: spawn to first ready answer. Memory: VmRSS once all were ready. Machine: ${summary.machine.cpuModel}, ${summary.machine.cores} cores, ${summary.machine.memoryGiB} GiB, Node ${summary.machine.node}.`,
    ),
  );
}

function renderLatencyTable(recorder: LatencyRecorder): HTMLElement {
  const ms = (value: number | null): string => (value === null ? '—' : `${formatNumber(value, 1)} ms`);
  return h(
    'table',
    { id: 'latency-table' },
    h('caption', {}, 'Round trips from this page'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Service'),
        h('th', { scope: 'col', class: 'num' }, 'Requests'),
        h('th', { scope: 'col', class: 'num' }, 'p50'),
        h('th', { scope: 'col', class: 'num' }, 'p99'),
        h('th', { scope: 'col', class: 'num' }, 'Last'),
        h('th', { scope: 'col', class: 'num' }, 'p50 upstream'),
      ),
    ),
    h(
      'tbody',
      {},
      SERVICES.map(({ key, label }) => {
        const stats = recorder.stats(key);
        return h(
          'tr',
          { 'data-service': key },
          h('th', { scope: 'row' }, label),
          h('td', { class: 'num' }, stats.count),
          h('td', { class: 'num' }, ms(stats.p50)),
          h('td', { class: 'num' }, ms(stats.p99)),
          h('td', { class: 'num' }, ms(stats.last)),
          h('td', { class: 'num' }, ms(stats.upstreamP50)),
        );
      }),
    ),
  );
}
