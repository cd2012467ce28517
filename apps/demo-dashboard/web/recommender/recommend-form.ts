/**
 * The recommend form: "How many", Recommend, Clear activity. It asks the service for
 * the current activity, shows the top k with a "Because you liked…" column, and can
 * look deeper (the service's MAX_K) to find where a just-added movie landed.
 */
import { MAX_K } from '@serverless-ai/movie-recommender/limits';
import { callApi, describeError } from '../api.js';
import { byId, formatNumber, h, isBusy, setBusy, show, showError } from '../dom.js';
import type { LatencyRecorder } from '../latency.js';
import { describeMovie, type RecommenderState } from './state.js';
import type { BecauseList, RecommendInput, RecommendOutput, Recommendation, SampleActivityItem } from '../../src/shared/types.js';

/** What one recommend call showed: the ranked answer and how many rows are the top k. */
export interface RecommendResult {
  ranked: Recommendation[];
  shown: number;
}

/** Asks for recommendations; with `lookDeeper`, asks for MAX_K and lists added movies below the top k too. */
export type Recommend = (options?: { lookDeeper?: boolean }) => Promise<RecommendResult | null>;

/** Activity items rated at least this count as "liked" for the "Because you liked…" column. */
const LIKED_RATING = 3.5;

/** Wires the form; returns `recommend` for the other forms and the current request for the latency burst. */
export function initRecommendForm(state: RecommenderState, recorder: LatencyRecorder): { recommend: Recommend; currentRequest: () => RecommendInput | null } {
  const form = byId('recommend-form', HTMLFormElement);
  const kInput = byId('recommend-k', HTMLInputElement);
  const button = byId('recommend-submit', HTMLButtonElement);
  const clearButton = byId('activity-clear', HTMLButtonElement);
  const status = byId('recommend-status', HTMLDivElement);
  const table = byId('recommendations', HTMLDivElement);
  kInput.max = String(MAX_K);

  const currentRequest = (): RecommendInput | null => {
    if (state.activity.length === 0) return null;
    const now = Math.floor(Date.now() / 1000);
    const k = Math.min(MAX_K, Math.max(1, Math.round(Number(kInput.value) || 10)));
    // First in the list = most recent: one hour apart.
    return { recentActivity: state.activity.map((item, i) => ({ movieId: item.movieId, rating: item.rating, timestamp: now - i * 3600 })), k };
  };

  /** Only plain requests of k count towards the latency table. */
  const recommend: Recommend = async (options = {}) => {
    const body = currentRequest();
    if (!body) {
      showError(status, 'Add at least one rated movie to the activity first.');
      return null;
    }
    if (isBusy(button)) return null;
    const shown = body.k;
    setBusy(button, true);
    show(status, h('p', { class: 'placeholder' }, 'Finding recommendations…'));
    const started = performance.now();
    try {
      const response = await callApi<RecommendOutput>('/api/recommender/recommendations', {
        body: options.lookDeeper ? { ...body, k: MAX_K } : body,
        timeAs: options.lookDeeper ? undefined : { recorder, service: 'recommender' },
      });
      const elapsed = performance.now() - started;
      const ranked = response.recommendations;
      show(table, renderRecommendations(ranked, shown, state.addedIds));
      state.setShownRecommendations(ranked.slice(0, shown));
      // Filled in when the answer arrives; the list itself never waits for it.
      void explainRecommendations(state.shownRecommendations, state.activity);
      const newOnes = ranked.some((r) => state.addedIds.has(r.movieId));
      show(
        status,
        h(
          'p',
          {},
          `${Math.min(shown, ranked.length)} recommendations for ${body.recentActivity.length} rated movies in ${formatNumber(elapsed, 1)} ms (model ${response.modelVersion}).`,
          newOnes ? ' Movies added during this session are highlighted.' : '',
        ),
      );
      return { ranked, shown };
    } catch (err) {
      showError(status, `Recommendation failed: ${describeError(err)}`);
      return null;
    } finally {
      setBusy(button, false);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void recommend();
  });
  clearButton.addEventListener('click', () => {
    state.setActivity([]);
    state.setShownRecommendations([]);
    show(table);
    show(status, h('p', { class: 'placeholder' }, 'Activity cleared.'));
  });
  return { recommend, currentRequest };
}

/**
 * "Because you liked…": the demo server finds, for each shown recommendation, the
 * liked movie of the activity whose embedding is closest. Movies added at run time
 * are not in the committed catalog it reads, so their cell stays a dash, and so does
 * every cell if the call fails: the list is what matters.
 */
async function explainRecommendations(shown: readonly Recommendation[], activity: readonly SampleActivityItem[]): Promise<void> {
  const liked = activity.filter((item) => item.rating >= LIKED_RATING);
  if (shown.length === 0 || liked.length === 0) return;
  const query = `recommended=${shown.map((r) => r.movieId).join(',')}&liked=${liked.map((item) => item.movieId).join(',')}`;
  const answer = await callApi<BecauseList>(`/api/samples/recommender/because?${query}`).catch(() => null);
  for (const { movieId, likedMovieId, similarity } of answer?.because ?? []) {
    const cell = document.querySelector<HTMLTableCellElement>(`#recommendations-table tr[data-movie-id="${movieId}"] td.because`);
    const likedMovie = liked.find((item) => item.movieId === likedMovieId);
    if (!cell || !likedMovie) continue;
    cell.textContent = describeMovie(likedMovie);
    cell.dataset.becauseId = String(likedMovieId);
    cell.title = `Cosine similarity of the two movies' embeddings: ${formatNumber(similarity, 2)}`;
  }
}

/** The top `shown` rows, then any session-added movie ranked lower, after a gap row. */
function renderRecommendations(ranked: readonly Recommendation[], shown: number, addedIds: ReadonlySet<number>): HTMLElement {
  if (ranked.length === 0) return h('p', { class: 'placeholder' }, 'No recommendations.');
  const rows: HTMLTableRowElement[] = [];
  let last = -1;
  ranked.forEach((r, i) => {
    const isNew = addedIds.has(r.movieId);
    if (i >= shown && !isNew) return;
    if (i > last + 1) rows.push(h('tr', { class: 'gap' }, h('td', { colspan: 5 }, `… ${i - last - 1} more …`)));
    last = i;
    rows.push(
      h(
        'tr',
        { class: isNew ? 'is-new' : undefined, 'data-movie-id': r.movieId, 'data-rank': i + 1 },
        h('td', { class: 'num' }, i + 1),
        h('td', {}, describeMovie(r), isNew ? h('span', { class: 'new-flag' }, 'New') : null),
        h('td', { class: 'genres-text' }, r.genres.join(', ')),
        h('td', { class: 'because' }, '—'),
        h('td', { class: 'num' }, formatNumber(r.score, 3)),
      ),
    );
  });
  const headings: [string, string?][] = [['#', 'num'], ['Title'], ['Genres'], ['Because you liked…'], ['Score', 'num']];
  return h(
    'table',
    { id: 'recommendations-table' },
    h('caption', {}, 'Recommended movies, best first'),
    h('thead', {}, h('tr', {}, headings.map(([text, cls]) => h('th', { scope: 'col', class: cls }, text)))),
    h('tbody', {}, rows),
  );
}
