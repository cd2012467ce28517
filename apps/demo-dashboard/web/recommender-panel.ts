/**
 * Recommender panel: choose or build a user's recent activity, ask for
 * recommendations, and, as admin, add a movie while the service runs and watch it
 * appear in the results.
 *
 * One function per form, in web/recommender/: the sample-user and search forms build
 * the activity (activity-forms.ts), the recommend form asks the service
 * (recommend-form.ts), the admin form adds a movie (add-movie-form.ts). They share a
 * `RecommenderState` (state.ts).
 */
import type { LatencyRecorder } from './latency.js';
import { initMovieSearchForm, initSampleUserForm, showActivity } from './recommender/activity-forms.js';
import { initAddMovieForm } from './recommender/add-movie-form.js';
import { initRecommendForm } from './recommender/recommend-form.js';
import { RecommenderState } from './recommender/state.js';
import type { DemoConfig, RecommendInput, RecommenderSamples } from '../src/shared/types.js';

/** The panel's handle for the rest of the page. */
export interface RecommenderPanel {
  /** The request body for the current activity, reused by the latency burst. */
  currentRequest(): RecommendInput | null;
}

/** Wires the recommender panel's four forms to one shared state. */
export function initRecommenderPanel(samples: RecommenderSamples, config: DemoConfig, recorder: LatencyRecorder): RecommenderPanel {
  const state = new RecommenderState();
  showActivity(state);
  const recommender = initRecommendForm(state, recorder);
  initSampleUserForm(state, samples, recommender.recommend);
  initMovieSearchForm(state);
  initAddMovieForm(state, samples, config, recommender.recommend);
  return { currentRequest: recommender.currentRequest };
}
