/**
 * The site's reading order (issue 13): the sidebar, and the list the tests check.
 *
 * The list itself lives in reading-order.json, beside this file, so that it exists once:
 * this module gives it types for the sidebar (config.ts) and the tests, and
 * packages/results-docs reads the same file to write the start page's reading order into
 * docs/README.md (`npm run render`). To add, move or rename a page, edit the JSON only.
 *
 * Every `link` must name a page that exists: tests/site-structure.test.ts fails on a link
 * with no page behind it (so a missing page is a red test, not a silent 404) and on a page
 * that is in no group (so nothing is unreachable).
 */
import readingOrder from './reading-order.json' with { type: 'json' };

// The entry types are defined once, with the renderer that reads the same JSON.
export type { ReadingOrderGroup, ReadingOrderItem } from '@serverless-ai/results-docs';
import type { ReadingOrderGroup } from '@serverless-ai/results-docs';

/** The sidebar, in the order a newcomer should read it. */
export const READING_ORDER: ReadingOrderGroup[] = readingOrder.groups;

/**
 * The markdown file (relative to docs/) a route is built from. README.md is the start page,
 * so GitHub shows it as the folder's front page and VitePress serves it at '/'.
 */
export function sourceFileFor(link: string): string {
  return link === '/' ? 'README.md' : `${link.replace(/^\//, '')}.md`;
}
