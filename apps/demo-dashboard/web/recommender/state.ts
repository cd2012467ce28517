/**
 * What the recommender panel's forms share: the activity being built, the movies
 * recommended right now, and the movies added this session. Each form changes it
 * through these methods; whoever shows a part of it listens for that change.
 */
import type { Movie, Recommendation, SampleActivityItem } from '../../src/shared/types.js';

type Topic = 'activity' | 'recommendations';

/** The panel's state, with a listener list per topic. */
export class RecommenderState {
  private activityItems: SampleActivityItem[] = [];
  private shown: Recommendation[] = [];
  /** Movies added through the admin form this session, highlighted wherever they rank. */
  readonly addedIds = new Set<number>();
  private readonly listeners: Record<Topic, (() => void)[]> = { activity: [], recommendations: [] };

  /** Recent activity, newest first. */
  get activity(): readonly SampleActivityItem[] {
    return this.activityItems;
  }

  setActivity(items: readonly SampleActivityItem[]): void {
    this.activityItems = [...items];
    this.emit('activity');
  }

  /** Puts a movie at the top of the activity (moving it if it was there already). */
  addToActivity(item: SampleActivityItem): void {
    this.setActivity([item, ...this.activityItems.filter((other) => other.movieId !== item.movieId)]);
  }

  removeFromActivity(index: number): void {
    this.setActivity(this.activityItems.filter((_, i) => i !== index));
  }

  /** The recommendations on screen (the top k of the last answer). */
  get shownRecommendations(): readonly Recommendation[] {
    return this.shown;
  }

  setShownRecommendations(list: readonly Recommendation[]): void {
    this.shown = [...list];
    this.emit('recommendations');
  }

  on(topic: Topic, listener: () => void): void {
    this.listeners[topic].push(listener);
  }

  private emit(topic: Topic): void {
    for (const listener of this.listeners[topic]) listener();
  }
}

/** `Title (year)`, without repeating a year MovieLens titles often carry already: "Heat (1995)". */
export function describeMovie(movie: Pick<Movie, 'title' | 'year'>): string {
  return movie.year === null || movie.title.includes(`(${movie.year})`) ? movie.title : `${movie.title} (${movie.year})`;
}
