/**
 * Recommender panel: choose or build a user's recent activity, ask for
 * recommendations, and, as admin, add a movie while the service runs and watch it
 * appear in the results.
 */
import { ApiError, callApi, describeError } from './api.js';
import { byId, formatNumber, h, isBusy, setBusy, show, showError } from './dom.js';
import type { LatencyRecorder } from './latency.js';
import type { MovieInfo, MovieVector, RecommenderSamples, SampleActivityItem } from '../src/shared/types.js';

/** One recommendation as the service returns it. */
interface Recommendation extends MovieInfo {
  score: number;
}

interface RecommendResponse {
  recommendations: Recommendation[];
  modelVersion: string;
}

/** The panel's handle for the rest of the page. */
export interface RecommenderPanel {
  /** The request body for the current activity, reused by the latency burst. */
  currentRequest(): RecommendRequest | null;
}

/** Body of `POST /recommendations`. */
export interface RecommendRequest {
  recentActivity: { movieId: number; rating: number; timestamp: number }[];
  k: number;
}

const RATINGS = [5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5];
/** The service's largest k: how deep the page looks for a just-added movie. */
const MAX_K = 100;
// Conflicting ids are skipped automatically: movies added in an earlier run stay in .data/.
const MAX_ID_ATTEMPTS = 25;

/** Wires the recommender panel. `adminToken` prefills the admin form (local demo only). */
export function initRecommenderPanel(samples: RecommenderSamples, adminToken: string | null, recorder: LatencyRecorder): RecommenderPanel {
  const userSelect = byId('sample-user', HTMLSelectElement);
  const userForm = byId('sample-user-form', HTMLFormElement);
  const searchForm = byId('movie-search-form', HTMLFormElement);
  const searchInput = byId('movie-search', HTMLInputElement);
  const ratingSelect = byId('movie-rating', HTMLSelectElement);
  const searchResults = byId('movie-search-results', HTMLUListElement);
  const activityList = byId('activity-list', HTMLOListElement);
  const activityCaption = byId('activity-caption', HTMLParagraphElement);
  const recommendForm = byId('recommend-form', HTMLFormElement);
  const kInput = byId('recommend-k', HTMLInputElement);
  const recommendButton = byId('recommend-submit', HTMLButtonElement);
  const clearButton = byId('activity-clear', HTMLButtonElement);
  const status = byId('recommend-status', HTMLDivElement);
  const table = byId('recommendations', HTMLDivElement);
  const addForm = byId('add-movie-form', HTMLFormElement);
  const tokenInput = byId('admin-token', HTMLInputElement);
  const titleInput = byId('new-movie-title', HTMLInputElement);
  const yearInput = byId('new-movie-year', HTMLInputElement);
  const genresBox = byId('new-movie-genres', HTMLFieldSetElement);
  const genreOptions = byId('new-movie-genre-options', HTMLDivElement);
  const addButton = byId('add-movie-submit', HTMLButtonElement);
  const addStatus = byId('add-movie-status', HTMLDivElement);
  const embeddingSelect = byId('new-movie-embedding', HTMLSelectElement);

  let activity: SampleActivityItem[] = [];
  const addedIds = new Set<number>();
  let nextMovieId = samples.suggestedMovieId;

  // 1. Sample users and the rating choices.
  show(
    userSelect,
    samples.users.map((user) => h('option', { value: user.id }, `${user.name} (${user.activity.length} movies)`)),
  );
  show(ratingSelect, RATINGS.map((r) => h('option', { value: r, selected: r === 4.5 }, `${r} ★`)));
  show(
    genreOptions,
    samples.genres.map((genre, i) =>
      h('label', { for: `genre-${i}` }, h('input', { type: 'checkbox', id: `genre-${i}`, name: 'genres', value: genre }), genre),
    ),
  );
  tokenInput.value = adminToken ?? '';
  yearInput.value = String(new Date().getFullYear());

  // 2. Activity: render, change, clear.
  // Movies shown as recommendations right now; the admin form can borrow their vectors.
  let shownRecommendations: Recommendation[] = [];
  const renderEmbeddingChoices = (): void => {
    const previous = embeddingSelect.value;
    show(
      embeddingSelect,
      h('option', { value: 'derived' }, 'Derived from its genres and year (cold start)'),
      // Movies added at run time are not in the committed catalog the demo server reads vectors from.
      shownRecommendations
        .map((r, i) => ({ r, rank: i + 1 }))
        .filter(({ r }) => !addedIds.has(r.movieId))
        .map(({ r, rank }) => h('option', { value: r.movieId }, `Borrowed from ${describeMovie(r)}, recommended #${rank}`)),
    );
    if ([...embeddingSelect.options].some((option) => option.value === previous)) embeddingSelect.value = previous;
  };

  const renderActivity = (): void => {
    activityCaption.textContent = `Activity, newest first (${activity.length} movie${activity.length === 1 ? '' : 's'})`;
    if (activity.length === 0) {
      show(activityList, h('li', { class: 'placeholder' }, 'No activity yet.'));
      return;
    }
    show(
      activityList,
      activity.map((item, index) =>
        h(
          'li',
          {},
          h('span', {}, `${describeMovie(item)} `, h('span', { class: 'genres-text' }, item.genres.join(', '))),
          h(
            'span',
            {},
            h('span', { class: 'rating' }, `${item.rating} ★ `),
            removeButton(item, () => {
              activity = activity.filter((_, i) => i !== index);
              renderActivity();
            }),
          ),
        ),
      ),
    );
  };
  const removeButton = (item: MovieInfo, onClick: () => void): HTMLButtonElement => {
    const button = h('button', { type: 'button', class: 'small secondary', 'aria-label': `Remove ${describeMovie(item)}` }, 'Remove');
    button.addEventListener('click', onClick);
    return button;
  };

  const request = (): RecommendRequest | null => {
    if (activity.length === 0) return null;
    const now = Math.floor(Date.now() / 1000);
    const k = Math.min(100, Math.max(1, Math.round(Number(kInput.value) || 10)));
    // First in the list = most recent: one hour apart.
    return { recentActivity: activity.map((item, i) => ({ movieId: item.movieId, rating: item.rating, timestamp: now - i * 3600 })), k };
  };

  /**
   * Asks for recommendations and shows the top k. With `lookDeeper` (right after an
   * admin add) it asks for the maximum instead, still shows the top k, and adds any
   * movie added this session that ranks below them, so the user sees where it landed.
   * Only plain requests of k count towards the latency table.
   */
  const recommend = async (options: { lookDeeper?: boolean } = {}): Promise<{ ranked: Recommendation[]; shown: number } | null> => {
    const body = request();
    if (!body) {
      showError(status, 'Add at least one rated movie to the activity first.');
      return null;
    }
    if (isBusy(recommendButton)) return null;
    const shown = body.k;
    const requestBody = options.lookDeeper ? { ...body, k: MAX_K } : body;
    setBusy(recommendButton, true);
    show(status, h('p', { class: 'placeholder' }, 'Finding recommendations…'));
    const started = performance.now();
    try {
      const response = await callApi<RecommendResponse>('/api/recommender/recommendations', {
        body: requestBody,
        timeAs: options.lookDeeper ? undefined : { recorder, service: 'recommender' },
      });
      const elapsed = performance.now() - started;
      const ranked = response.recommendations;
      show(table, renderRecommendations(ranked, shown, addedIds));
      shownRecommendations = ranked.slice(0, shown);
      // Filled in when the vectors arrive; the list itself never waits for them.
      void explainRecommendations(shownRecommendations, activity);
      renderEmbeddingChoices();
      const newOnes = ranked.filter((r) => addedIds.has(r.movieId)).length;
      show(
        status,
        h(
          'p',
          {},
          `${Math.min(shown, ranked.length)} recommendations for ${body.recentActivity.length} rated movies in ${formatNumber(elapsed, 1)} ms (model ${response.modelVersion}).`,
          newOnes > 0 ? ` Movies added during this session are highlighted.` : '',
        ),
      );
      return { ranked, shown };
    } catch (err) {
      showError(status, `Recommendation failed: ${describeError(err)}`);
      return null;
    } finally {
      setBusy(recommendButton, false);
    }
  };

  userForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = samples.users.find((u) => u.id === userSelect.value);
    if (!user) return;
    activity = user.activity.map((item) => ({ ...item }));
    renderActivity();
    void recommend();
  });

  clearButton.addEventListener('click', () => {
    activity = [];
    shownRecommendations = [];
    renderActivity();
    renderEmbeddingChoices();
    show(table);
    show(status, h('p', { class: 'placeholder' }, 'Activity cleared.'));
  });

  recommendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void recommend();
  });

  // 3. Search the catalog and add movies to the activity.
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = searchInput.value.trim();
    if (!query) return;
    callApi<unknown>(`/api/recommender/movies?query=${encodeURIComponent(query)}&limit=8`)
      .then((body) => {
        const movies = moviesOf(body);
        if (movies.length === 0) {
          show(searchResults, h('li', { class: 'placeholder' }, `No movie title contains “${query}”.`));
          return;
        }
        show(
          searchResults,
          movies.map((movie) => {
            const rating = Number(ratingSelect.value);
            const add = h('button', { type: 'button', class: 'small', 'aria-label': `Add ${describeMovie(movie)} rated ${rating}` }, `Add, ${rating} ★`);
            add.addEventListener('click', () => {
              activity = [{ ...movie, rating }, ...activity.filter((item) => item.movieId !== movie.movieId)];
              renderActivity();
              show(status, h('p', {}, `Added ${describeMovie(movie)} to the activity with ${rating} ★. Recommend to see the effect.`));
            });
            return h('li', {}, h('span', {}, `${describeMovie(movie)} `, h('span', { class: 'genres-text' }, movie.genres.join(', '))), add);
          }),
        );
      })
      .catch((err: unknown) => show(searchResults, h('li', { class: 'error' }, `Search failed: ${describeError(err)}`)));
  });

  // 4. Admin: add a movie, then re-query and highlight it.
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isBusy(addButton)) return;
    const genres = [...genresBox.querySelectorAll<HTMLInputElement>('input[name="genres"]:checked')].map((box) => box.value);
    if (genres.length === 0) {
      showError(addStatus, 'Tick at least one genre: a new movie’s embedding is derived from its genres and year.');
      return;
    }
    const year = yearInput.value ? Number(yearInput.value) : null;
    const title = titleInput.value.trim();
    const borrowFrom = embeddingSelect.value === 'derived' ? null : Number(embeddingSelect.value);
    setBusy(addButton, true);
    show(addStatus, h('p', { class: 'placeholder' }, 'Adding…'));
    const embedding = borrowFrom === null ? Promise.resolve(undefined) : callApi<MovieVector>(`/api/samples/recommender/vectors/${borrowFrom}`).then((body) => body.vector);
    embedding
      .then((vector) => addMovie({ title, year, genres }, tokenInput.value.trim(), vector))
      .then(async (movie) => {
        addedIds.add(movie.movieId);
        const result = activity.length > 0 ? await recommend({ lookDeeper: true }) : null;
        const rank = result ? result.ranked.findIndex((r) => r.movieId === movie.movieId) + 1 : 0;
        const where =
          result === null
            ? ' Choose an activity and recommend to look for it.'
            : rank === 0
              ? ` It is not among the ${result.ranked.length} nearest movies for this activity.`
              : rank <= result.shown
                ? ` It ranks number ${rank} for this activity: highlighted in the recommendations below.`
                : ` It ranks number ${rank} for this activity: highlighted below the top ${result.shown}.`;
        show(
          addStatus,
          h('p', { 'data-movie-id': movie.movieId, 'data-rank': rank }, `Added ${describeMovie(movie)} as movie ${movie.movieId}.${where}`),
          h(
            'p',
            { class: 'note' },
            borrowFrom === null
              ? 'Nobody has rated it yet, so its embedding is the average of movies with its genres and decade: a cautious estimate that rarely beats movies with real ratings. Ratings and a retrain move it; or add one with a borrowed embedding to see it land next to a movie you liked.'
              : 'Its embedding was borrowed from a recommended movie, so it lands right next to it: the index took it in while serving, no restart or rebuild.',
          ),
        );
      })
      .catch((err: unknown) => showError(addStatus, `Adding the movie failed: ${describeError(err)}`))
      .finally(() => {
        setBusy(addButton, false);
      });
  });

  const addMovie = async (fields: Omit<MovieInfo, 'movieId'>, token: string, embedding?: number[]): Promise<MovieInfo> => {
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt += 1) {
      const movie: MovieInfo = { movieId: nextMovieId, ...fields };
      nextMovieId += 1;
      try {
        await callApi<unknown>('/api/recommender/movies', { body: embedding ? { ...movie, embedding } : movie, token });
        return movie;
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'CONFLICT')) throw err;
      }
    }
    throw new Error(`Movie ids ${nextMovieId - MAX_ID_ATTEMPTS} to ${nextMovieId - 1} are all taken.`);
  };

  renderActivity();
  renderEmbeddingChoices();
  return { currentRequest: request };
}

/**
 * "Because you liked…": for each shown recommendation, the movie in the activity
 * whose embedding is closest (cosine over the embedding, bias left out). It reads the
 * committed vectors the demo server serves; movies added at run time have none there,
 * so their cell stays a dash. A failure leaves the dashes: the list is what matters.
 */
async function explainRecommendations(shown: readonly Recommendation[], history: readonly SampleActivityItem[]): Promise<void> {
  const liked = history.filter((item) => item.rating >= 3.5);
  if (shown.length === 0 || liked.length === 0) return;
  const vectorOf = (movieId: number): Promise<number[] | null> =>
    callApi<MovieVector>(`/api/samples/recommender/vectors/${movieId}`).then(
      (body) => body.vector.slice(0, -1),
      () => null,
    );
  const likedVectors = await Promise.all(liked.map((item) => vectorOf(item.movieId)));
  await Promise.all(
    shown.map(async (r) => {
      const vector = await vectorOf(r.movieId);
      const cell = document.querySelector<HTMLTableCellElement>(`#recommendations-table tr[data-movie-id="${r.movieId}"] td.because`);
      if (!vector || !cell) return;
      let best = -1;
      let bestSimilarity = -Infinity;
      likedVectors.forEach((candidate, i) => {
        if (!candidate) return;
        const similarity = cosine(vector, candidate);
        if (similarity > bestSimilarity) [best, bestSimilarity] = [i, similarity];
      });
      if (best < 0) return;
      cell.textContent = describeMovie(liked[best]!);
      cell.dataset.becauseId = String(liked[best]!.movieId);
      cell.title = `Cosine similarity of the two movies' embeddings: ${formatNumber(bestSimilarity, 2)}`;
    }),
  );
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
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
  return h(
    'table',
    { id: 'recommendations-table' },
    h('caption', {}, 'Recommended movies, best first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Title'),
        h('th', { scope: 'col' }, 'Genres'),
        h('th', { scope: 'col' }, 'Because you liked…'),
        h('th', { scope: 'col', class: 'num' }, 'Score'),
      ),
    ),
    h('tbody', {}, rows),
  );
}

function describeMovie(movie: Pick<MovieInfo, 'title' | 'year'>): string {
  // MovieLens titles often carry the year already: "Heat (1995)".
  return movie.year === null || movie.title.includes(`(${movie.year})`) ? movie.title : `${movie.title} (${movie.year})`;
}

/** The search endpoint's list, whether it answers `[…]` or `{ movies: […] }`. */
function moviesOf(body: unknown): MovieInfo[] {
  if (Array.isArray(body)) return body as MovieInfo[];
  const movies = (body as { movies?: unknown } | null)?.movies;
  return Array.isArray(movies) ? (movies as MovieInfo[]) : [];
}
