/**
 * Footfall panel: pick a committed sample day, ask the footfall service for tomorrow's
 * customers, compare with what really happened, and list the 100 features behind it.
 *
 * It opens on the typical day the demo server chose (src/samples.ts). Holidays are
 * named in the day list, and the model's worst miss is labelled: a step to show on
 * purpose, with a note on why the model misses there.
 */
import { callApi, describeError } from './api.js';
import { byId, formatNumber, h, isBusy, setBusy, show, showError } from './dom.js';
import type { LatencyRecorder } from './latency.js';
import type { FootfallPredictRequest, FootfallPredictResponse, FootfallSampleDay, FootfallSamples } from '../src/shared/types.js';

type FeatureInfo = FootfallSamples['features'][number];

/** The panel's handle for the rest of the page. */
export interface FootfallPanel {
  /** The request body for the selected day, reused by the latency burst. */
  currentRequest(): FootfallPredictRequest | null;
}

/** Wires the footfall panel to its sample days. */
export function initFootfallPanel(samples: FootfallSamples, recorder: LatencyRecorder): FootfallPanel {
  const form = byId('footfall-form', HTMLFormElement);
  const storeSelect = byId('footfall-store', HTMLSelectElement);
  const daySelect = byId('footfall-day', HTMLSelectElement);
  const button = byId('footfall-predict', HTMLButtonElement);
  const result = byId('footfall-result', HTMLDivElement);
  const featuresBox = byId('footfall-features', HTMLDivElement);

  const stores = new Map<string, { name: string; type: string; days: FootfallSampleDay[] }>();
  for (const day of samples.days) {
    const key = day.storeId;
    const store = stores.get(key) ?? { name: day.storeName, type: day.storeType, days: [] };
    store.days.push(day);
    stores.set(key, store);
  }
  show(storeSelect, [...stores.entries()].map(([id, store]) => h('option', { value: id }, `${store.name} (${store.type})`)));
  const isWorstMiss = (day: FootfallSampleDay): boolean => day.storeId === samples.worstMissDay.storeId && day.date === samples.worstMissDay.date;

  const selectedDay = (): FootfallSampleDay | undefined =>
    stores.get(storeSelect.value)?.days.find((day) => day.date === daySelect.value);

  const fillDays = (): void => {
    const days = stores.get(storeSelect.value)?.days ?? [];
    show(daySelect, days.map((day) => h('option', { value: day.date }, dayLabel(day, isWorstMiss(day)))));
  };
  const showFeatures = (): void => {
    const day = selectedDay();
    if (day) show(featuresBox, renderFeatures(samples.features, day.features));
  };
  const clearResult = (): void => show(result, h('p', { class: 'placeholder' }, 'Predict to see tomorrow’s customers for this day.'));

  storeSelect.addEventListener('change', () => {
    fillDays();
    showFeatures();
    clearResult();
  });
  daySelect.addEventListener('change', () => {
    showFeatures();
    clearResult();
  });
  // Open on the typical day, not on whichever day happens to come first.
  storeSelect.value = samples.defaultDay.storeId;
  fillDays();
  daySelect.value = samples.defaultDay.date;
  showFeatures();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const day = selectedDay();
    if (!day || isBusy(button)) return;
    setBusy(button, true);
    show(result, h('p', { class: 'placeholder' }, 'Predicting…'));
    const started = performance.now();
    const body: FootfallPredictRequest = { features: day.features };
    callApi<FootfallPredictResponse>('/api/footfall/predict', { body, timeAs: { recorder, service: 'footfall' } })
      .then((response) => show(result, renderPrediction(day, response, performance.now() - started)))
      .catch((err: unknown) => showError(result, `Prediction failed: ${describeError(err)}`))
      .finally(() => {
        setBusy(button, false);
      });
  });

  return {
    currentRequest: () => {
      const day = selectedDay();
      return day ? { features: day.features } : null;
    },
  };
}

/** `Tue, 24 Dec 2024 → Christmas Day (the model's worst miss)`: holidays named, the worst miss marked. */
function dayLabel(day: FootfallSampleDay, worstMiss: boolean): string {
  const target = day.targetHoliday ?? formatDate(day.targetDate);
  return `${formatDate(day.date)} → ${target}${worstMiss ? ' (the model’s worst miss)' : ''}`;
}

/** Why the model misses on a public holiday: one shared flag for every holiday, learned from a few a year. */
function holidayNote(day: FootfallSampleDay): HTMLElement | null {
  if (day.targetHoliday === null) return null;
  return h(
    'p',
    { class: 'note', id: 'footfall-holiday-note' },
    `Where the model is wrong, and why: ${formatDate(day.targetDate)} is ${day.targetHoliday}. The model is one linear fit over 100 features; `,
    h('code', {}, 'holidayTomorrow'),
    ' is a single flag shared by every public holiday, and the training history holds only a few of each, so a holiday with its own pattern is where it misses most. A production model would add features for it or a rule around it.',
  );
}

function renderPrediction(day: FootfallSampleDay, response: FootfallPredictResponse, elapsedMs: number): HTMLElement {
  const predicted = response.predictions[0]?.customersTomorrow ?? Number.NaN;
  const actual = day.actualCustomersTomorrow;
  const error = predicted - actual;
  const percent = actual === 0 ? null : (100 * error) / actual;
  const sign = error >= 0 ? '+' : '−';
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'prediction', 'data-prediction': predicted, 'data-actual': actual },
      figure('Predicted customers tomorrow', formatNumber(predicted), 'footfall-predicted'),
      figure(`Actual customers on ${formatDate(day.targetDate)}`, formatNumber(actual), 'footfall-actual'),
      figure(
        'Error (predicted − actual)',
        `${sign}${formatNumber(Math.abs(error))}${percent === null ? '' : ` (${sign}${formatNumber(Math.abs(percent), 1)} %)`}`,
        'footfall-error',
      ),
    ),
    h(
      'p',
      { class: 'note' },
      `${day.storeName}: features known on the evening of ${formatDate(day.date)}, predicting ${formatDate(day.targetDate)}. Model version ${response.modelVersion}; answered in ${formatNumber(elapsedMs, 1)} ms as seen by this page.`,
    ),
    holidayNote(day),
  );
}

function figure(label: string, value: string, id: string): HTMLElement {
  return h('div', { class: 'figure' }, h('span', { class: 'value', id }, value), h('span', { class: 'label' }, label));
}

/** One collapsible table per feature group, in the order FEATURES lists them. */
function renderFeatures(features: readonly FeatureInfo[], values: Record<string, number>): HTMLElement {
  const groups = new Map<string, FeatureInfo[]>();
  for (const feature of features) groups.set(feature.group, [...(groups.get(feature.group) ?? []), feature]);
  let first = true;
  const sections = [...groups.entries()].map(([group, members]) => {
    const label = `${group.charAt(0).toUpperCase()}${group.slice(1)}`;
    const details = h(
      'details',
      { open: first },
      h('summary', {}, `${label} (${members.length} features)`),
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, `${label} features of the chosen day`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col' }, 'Unit'))),
        h(
          'tbody',
          {},
          members.map((feature) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('code', {}, feature.name), h('div', { class: 'genres-text' }, feature.description)),
              h('td', { class: 'num' }, formatValue(values[feature.name])),
              h('td', {}, feature.unit),
            ),
          ),
        ),
      ),
    );
    first = false;
    return details;
  });
  return h('div', { class: 'feature-groups' }, sections);
}

function formatValue(value: number | undefined): string {
  if (value === undefined) return '—';
  return Number.isInteger(value) ? formatNumber(value) : formatNumber(value, 2);
}

function formatDate(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
