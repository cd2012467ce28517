/**
 * The site's reading order (issue 13): the sidebar, and the list the tests check.
 *
 * Every `link` must name a page that exists: tests/site-structure.test.ts fails on a link
 * with no page behind it (so a missing page is a red test, not a silent 404) and on a page
 * that is in no group (so nothing is unreachable). The pages of phase 2 (the Lambda
 * lifecycle, the three limits, the verdict) slot in where the comments say, once written.
 */

/** One sidebar entry: the page title and its VitePress route. */
export interface ReadingOrderItem {
  text: string;
  /** Route: '/' for the start page, else '/<file name without .md>'. */
  link: string;
}

/** A titled group of pages, in reading order. */
export interface ReadingOrderGroup {
  text: string;
  items: ReadingOrderItem[];
}

/** The sidebar, in the order a newcomer should read it. */
export const READING_ORDER: ReadingOrderGroup[] = [
  {
    text: 'Read in this order',
    items: [
      { text: 'Start here', link: '/' },
      { text: 'Glossary', link: '/glossary' },
      { text: 'The Lambda lifecycle', link: '/lifecycle' },
      { text: 'Limit 1: dependencies', link: '/limits/dependencies' },
      { text: 'Limit 2: internal state', link: '/limits/internal-state' },
      { text: 'Limit 3: cold starts', link: '/limits/cold-starts' },
      // Phase 2: then { text: 'The verdict', link: '/verdict' }.
      { text: 'Decision guide', link: '/decision-guide' },
      { text: 'For presenters', link: '/presenters' },
      { text: 'Deploying to your AWS account', link: '/deploying' },
    ],
  },
  {
    text: 'Deep dives',
    items: [
      { text: 'A reading path through the code', link: '/reading-path' },
      { text: 'Footfall model', link: '/footfall-model' },
      { text: 'Footfall on Lambda', link: '/footfall-lambda' },
      { text: 'Recommender index', link: '/recommender-index' },
      { text: 'fitcheck', link: '/fitcheck' },
      { text: 'Each model on the other home', link: '/contrast' },
      { text: 'Cost and scaling', link: '/cost-and-scaling' },
    ],
  },
  {
    text: 'For maintainers',
    items: [{ text: 'Architecture decisions', link: '/architecture' }],
  },
];

/**
 * The markdown file (relative to docs/) a route is built from. README.md is the start page,
 * so GitHub shows it as the folder's front page and VitePress serves it at '/'.
 */
export function sourceFileFor(link: string): string {
  return link === '/' ? 'README.md' : `${link.replace(/^\//, '')}.md`;
}
