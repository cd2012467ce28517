/**
 * Generated blocks inside hand-written Markdown: the text between
 * `<!-- name:start -->` and `<!-- name:end -->` is written from a results JSON, the
 * prose around it is kept byte for byte. The same convention as the docs renderers in
 * apps/cross-pairing (scripts/marked-blocks.ts), kept here because a package does not
 * import from an app.
 */

/** `page` with the block called `name` replaced by `body`. @throws Error when the markers are missing */
export function fillMarkedBlock(page: string, name: string, body: string, pageName: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${pageName} has no ${start} … ${end} block to fill.`);
  return `${page.slice(0, from + start.length)}\n${body}\n${page.slice(to)}`;
}
