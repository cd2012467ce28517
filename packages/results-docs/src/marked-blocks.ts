/**
 * Generated blocks inside hand-written Markdown pages: the text between a start and an
 * end marker (HTML comments) is written from results JSON, the prose around it is kept
 * byte for byte. The contrast page (contrast-doc.ts) and the docs landing page
 * (summary-doc.ts) both read and fill their blocks through these two functions.
 */

/** The two HTML comments around a generated block. */
export interface BlockMarkers {
  start: string;
  end: string;
}

function blockRange(page: string, markers: BlockMarkers, pageName: string): { from: number; to: number } {
  const start = page.indexOf(markers.start);
  const end = page.indexOf(markers.end);
  if (start < 0 || end < start) throw new Error(`${pageName} has no ${markers.start} … ${markers.end} block to fill.`);
  return { from: start + markers.start.length, to: end };
}

/**
 * The block's current text, without the line breaks that follow the start marker and
 * precede the end marker. @throws Error naming the markers when either is missing
 */
export function readMarkedBlock(page: string, markers: BlockMarkers, pageName: string): string {
  const { from, to } = blockRange(page, markers, pageName);
  return page.slice(from, to).replace(/^\n/, '').replace(/\n$/, '');
}

/** `page` with the block's text replaced by `body`. @throws Error naming the markers when either is missing */
export function fillMarkedBlock(page: string, markers: BlockMarkers, body: string, pageName: string): string {
  const { from, to } = blockRange(page, markers, pageName);
  return `${page.slice(0, from)}\n${body}\n${page.slice(to)}`;
}
