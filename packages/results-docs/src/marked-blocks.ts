/**
 * Generated blocks inside hand-written Markdown pages. One convention everywhere:
 *
 *   <!-- NAME:start -->
 *   …text written from results JSON…
 *   <!-- NAME:end -->
 *
 * The text between the markers is replaced; the prose around it is kept byte for byte.
 * NAME is `page:block` (`footfall-lambda:warm`, `verdict:cold-starts`), so a marker says
 * which renderer writes it: grep src/pages/ for the page part.
 */

/** The two HTML comments around a generated block. */
export interface BlockMarkers {
  start: string;
  end: string;
}

/** The markers of the block called `name`. */
export function blockMarkers(name: string): BlockMarkers {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

function blockRange(page: string, markers: BlockMarkers, pageName: string): { from: number; to: number } {
  const start = page.indexOf(markers.start);
  const end = page.indexOf(markers.end);
  if (start < 0 || end < start) throw new Error(`${pageName} has no ${markers.start} … ${markers.end} block to fill.`);
  return { from: start + markers.start.length, to: end };
}

const toMarkers = (block: string | BlockMarkers): BlockMarkers => (typeof block === 'string' ? blockMarkers(block) : block);

/**
 * The block's current text, without the line breaks that follow the start marker and
 * precede the end marker. @throws Error naming the markers when either is missing
 */
export function readMarkedBlock(page: string, block: string | BlockMarkers, pageName: string): string {
  const { from, to } = blockRange(page, toMarkers(block), pageName);
  return page.slice(from, to).replace(/^\n/, '').replace(/\n$/, '');
}

/** `page` with the block's text replaced by `body`. @throws Error naming the markers when either is missing */
export function fillMarkedBlock(page: string, block: string | BlockMarkers, body: string, pageName: string): string {
  const { from, to } = blockRange(page, toMarkers(block), pageName);
  return `${page.slice(0, from)}\n${body}\n${page.slice(to)}`;
}

/** `page` with every block in `bodies` (name → text) replaced. @throws Error naming the first block whose markers are missing */
export function fillMarkedBlocks(page: string, bodies: Record<string, string>, pageName: string): string {
  let out = page;
  for (const [name, body] of Object.entries(bodies)) out = fillMarkedBlock(out, name, body, pageName);
  return out;
}
