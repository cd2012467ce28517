/**
 * The two forms that build a recent activity: pick a sample user (and recommend at
 * once), or search a title and add it with a rating. Plus the activity list itself,
 * with a Remove button per movie.
 */
import { callApi, describeError } from '../api.js';
import { byId, h, show } from '../dom.js';
import { describeMovie, type RecommenderState } from './state.js';
import type { Movie, RecommenderSamples } from '../../src/shared/types.js';

/** The half-star ratings the search form offers, best first. */
const RATINGS = [5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5];
const DEFAULT_RATING = 4.5;

/** Keeps the activity list and its caption in step with the state. */
export function showActivity(state: RecommenderState): void {
  const list = byId('activity-list', HTMLOListElement);
  const caption = byId('activity-caption', HTMLParagraphElement);
  const render = (): void => {
    const { activity } = state;
    caption.textContent = `Activity, newest first (${activity.length} movie${activity.length === 1 ? '' : 's'})`;
    if (activity.length === 0) {
      show(list, h('li', { class: 'placeholder' }, 'No activity yet.'));
      return;
    }
    show(
      list,
      activity.map((item, index) => {
        const remove = h('button', { type: 'button', class: 'small secondary', 'aria-label': `Remove ${describeMovie(item)}` }, 'Remove');
        remove.addEventListener('click', () => state.removeFromActivity(index));
        return h(
          'li',
          {},
          h('span', {}, `${describeMovie(item)} `, h('span', { class: 'genres-text' }, item.genres.join(', '))),
          h('span', {}, h('span', { class: 'rating' }, `${item.rating} ★ `), remove),
        );
      }),
    );
  };
  state.on('activity', render);
  render();
}

/** "Use this activity": copies a sample user's activity, then recommends. */
export function initSampleUserForm(state: RecommenderState, samples: RecommenderSamples, recommend: () => Promise<unknown>): void {
  const form = byId('sample-user-form', HTMLFormElement);
  const select = byId('sample-user', HTMLSelectElement);
  show(select, samples.users.map((user) => h('option', { value: user.id }, `${user.name} (${user.activity.length} movies)`)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = samples.users.find((u) => u.id === select.value);
    if (!user) return;
    state.setActivity(user.activity);
    void recommend();
  });
}

/** "Find a movie by title": searches the live catalog; each result has an Add button with the chosen rating. */
export function initMovieSearchForm(state: RecommenderState): void {
  const form = byId('movie-search-form', HTMLFormElement);
  const input = byId('movie-search', HTMLInputElement);
  const ratingSelect = byId('movie-rating', HTMLSelectElement);
  const results = byId('movie-search-results', HTMLUListElement);
  const status = byId('recommend-status', HTMLDivElement);
  show(ratingSelect, RATINGS.map((r) => h('option', { value: r, selected: r === DEFAULT_RATING }, `${r} ★`)));

  const resultItem = (movie: Movie): HTMLLIElement => {
    const rating = Number(ratingSelect.value);
    const add = h('button', { type: 'button', class: 'small', 'aria-label': `Add ${describeMovie(movie)} rated ${rating}` }, `Add, ${rating} ★`);
    add.addEventListener('click', () => {
      state.addToActivity({ ...movie, rating });
      show(status, h('p', {}, `Added ${describeMovie(movie)} to the activity with ${rating} ★. Recommend to see the effect.`));
    });
    return h('li', {}, h('span', {}, `${describeMovie(movie)} `, h('span', { class: 'genres-text' }, movie.genres.join(', '))), add);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    callApi<{ movies: Movie[] }>(`/api/recommender/movies?query=${encodeURIComponent(query)}&limit=8`)
      .then(({ movies }) =>
        show(results, movies.length === 0 ? h('li', { class: 'placeholder' }, `No movie title contains “${query}”.`) : movies.map(resultItem)),
      )
      .catch((err: unknown) => show(results, h('li', { class: 'error' }, `Search failed: ${describeError(err)}`)));
  });
}
