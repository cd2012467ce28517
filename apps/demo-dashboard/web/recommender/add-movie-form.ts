/**
 * The admin form: add a movie while the service runs, then re-query (looking MAX_K
 * deep) and report where it ranks for the current activity, highlighted.
 *
 * The page holds no token: the demo server adds the recommender's admin token to the
 * `POST /movies` it forwards (src/proxy.ts). A real deployment would put its own
 * sign-in in front of that; this is a local demo on loopback.
 */
import { ApiError, callApi, describeError } from '../api.js';
import { byId, h, isBusy, setBusy, show, showError } from '../dom.js';
import type { Recommend } from './recommend-form.js';
import { describeMovie, type RecommenderState } from './state.js';
import type { DemoConfig, Movie, MovieVector, RecommenderSamples } from '../../src/shared/types.js';

// Conflicting ids are skipped automatically: movies added in an earlier run stay in .data/.
const MAX_ID_ATTEMPTS = 25;

/** Wires the admin form. */
export function initAddMovieForm(state: RecommenderState, samples: RecommenderSamples, config: DemoConfig, recommend: Recommend): void {
  const form = byId('add-movie-form', HTMLFormElement);
  const titleInput = byId('new-movie-title', HTMLInputElement);
  const yearInput = byId('new-movie-year', HTMLInputElement);
  const genresBox = byId('new-movie-genres', HTMLFieldSetElement);
  const genreOptions = byId('new-movie-genre-options', HTMLDivElement);
  const embeddingSelect = byId('new-movie-embedding', HTMLSelectElement);
  const button = byId('add-movie-submit', HTMLButtonElement);
  const status = byId('add-movie-status', HTMLDivElement);
  let nextMovieId = samples.suggestedMovieId;

  show(
    genreOptions,
    samples.genres.map((genre, i) => h('label', { for: `genre-${i}` }, h('input', { type: 'checkbox', id: `genre-${i}`, name: 'genres', value: genre }), genre)),
  );
  yearInput.value = String(new Date().getFullYear());
  if (!config.adminWrites) {
    showError(status, 'The demo server has no admin token (ADMIN_TOKEN), so adding movies is off. npm start sets one.');
  }

  // The embedding can be borrowed from a movie recommended right now.
  const showEmbeddingChoices = (): void => {
    const previous = embeddingSelect.value;
    show(
      embeddingSelect,
      h('option', { value: 'derived' }, 'Derived from its genres and year (cold start)'),
      // Movies added at run time are not in the committed catalog the demo server reads vectors from.
      state.shownRecommendations
        .map((r, i) => ({ r, rank: i + 1 }))
        .filter(({ r }) => !state.addedIds.has(r.movieId))
        .map(({ r, rank }) => h('option', { value: r.movieId }, `Borrowed from ${describeMovie(r)}, recommended #${rank}`)),
    );
    if ([...embeddingSelect.options].some((option) => option.value === previous)) embeddingSelect.value = previous;
  };
  state.on('recommendations', showEmbeddingChoices);
  showEmbeddingChoices();

  /** POST /movies with the next free id. */
  const addMovie = async (fields: Omit<Movie, 'movieId'>, embedding?: number[]): Promise<Movie> => {
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt += 1) {
      const movie: Movie = { movieId: nextMovieId, ...fields };
      nextMovieId += 1;
      try {
        await callApi<unknown>('/api/recommender/movies', { body: embedding ? { ...movie, embedding } : movie });
        return movie;
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'CONFLICT')) throw err;
      }
    }
    throw new Error(`Movie ids ${nextMovieId - MAX_ID_ATTEMPTS} to ${nextMovieId - 1} are all taken.`);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isBusy(button)) return;
    const genres = [...genresBox.querySelectorAll<HTMLInputElement>('input[name="genres"]:checked')].map((box) => box.value);
    if (genres.length === 0) {
      showError(status, 'Tick at least one genre: a new movie’s embedding is derived from its genres and year.');
      return;
    }
    const fields = { title: titleInput.value.trim(), year: yearInput.value ? Number(yearInput.value) : null, genres };
    const borrowFrom = embeddingSelect.value === 'derived' ? null : Number(embeddingSelect.value);
    setBusy(button, true);
    show(status, h('p', { class: 'placeholder' }, 'Adding…'));
    const embedding = borrowFrom === null ? Promise.resolve(undefined) : callApi<MovieVector>(`/api/samples/recommender/vectors/${borrowFrom}`).then((body) => body.vector);
    embedding
      .then((vector) => addMovie(fields, vector))
      .then(async (movie) => {
        state.addedIds.add(movie.movieId);
        const result = state.activity.length > 0 ? await recommend({ lookDeeper: true }) : null;
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
          status,
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
      .catch((err: unknown) => showError(status, `Adding the movie failed: ${describeError(err)}`))
      .finally(() => setBusy(button, false));
  });
}
