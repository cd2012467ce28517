/**
 * The excerpt-honesty rules of issue 13, as pure functions the tests run on every page.
 *
 * 1. Every `<<< path#region` import names a file that exists and a region that exists in it.
 *    VitePress itself does not fail on a missing region: it silently imports the WHOLE file
 *    (see findRegion in vitepress's snippet plugin), so this check is the only guard.
 * 2. No fenced code block in a page is a hand copy of repository source: a block in a code
 *    language (ts, js, tsx, dockerfile…) fails when 3 consecutive non-trivial lines of it
 *    appear, consecutively, in a tracked source file. Shell commands and config are exempt.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One `<<<` import found in a page. */
export interface SnippetImport {
  /** 1-based line in the page. */
  line: number;
  /** The text after `<<<`, as written. */
  raw: string;
  /** Absolute path of the imported file. */
  file: string;
  /** Region name without '#', or '' for the whole file. */
  region: string;
}

/** A finding: which page, which line, what is wrong. */
export interface Finding {
  page: string;
  line: number;
  message: string;
}

// VitePress 1.6.4's own parser for the text after `<<<` (snippet plugin, rawPathRegexp).
const RAW_PATH = /^(.+?(?:(?:\.([a-z0-9]+))?))(?:(#[\w-]+))?(?: ?(?:{(\d+(?:[,-]\d+)*)? ?(\S+)? ?(\S+)?}))? ?(?:\[(.+)\])?$/;

/** Lines of a page with the lines inside fenced code blocks marked, so `<<<` shown as an example is not an import. */
function linesOutsideFences(markdown: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence === null && marker) fence = marker;
    else if (fence !== null && marker && text.trim().startsWith(fence)) fence = null;
    else if (fence === null) out.push({ text, line: index + 1 });
  });
  return out;
}

/**
 * The `<<<` imports of one page. `@` means the site's source folder (docs/), as in VitePress;
 * any other path is relative to the page.
 */
export function findSnippetImports(markdown: string, pageFile: string, docsDir: string): SnippetImport[] {
  const imports: SnippetImport[] = [];
  for (const { text, line } of linesOutsideFences(markdown)) {
    const match = /^ {0,3}<<<(.*)$/.exec(text);
    if (!match) continue;
    const raw = match[1]!.trim();
    const withRoot = raw.replace(/^@/, docsDir).trim();
    const [, filepath = '', , region = ''] = RAW_PATH.exec(withRoot) ?? [];
    imports.push({ line, raw, file: path.resolve(path.dirname(pageFile), filepath), region: region.replace(/^#/, '') });
  }
  return imports;
}

// Region markers VitePress recognises in the languages this repo excerpts (// for TS/JS, # for Dockerfile and shell).
const REGION_MARKERS = [/^\/\/ ?#?((?:end)?region) ([\w*-]+)$/, /^# ?((?:end)?region) ([\w*-]+)$/, /^\/\* ?#((?:end)?region) ([\w*-]+) ?\*\/$/];

/** The lines between `#region name` and `#endregion name` in a source text, or null if the pair is missing. */
export function findRegion(source: string, name: string): string[] | null {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  for (const marker of REGION_MARKERS) {
    const start = lines.findIndex((l) => {
      const m = marker.exec(l.trim());
      return m?.[1] === 'region' && m[2] === name;
    });
    if (start < 0) continue;
    const end = lines.findIndex((l, i) => {
      const m = marker.exec(l.trim());
      return i > start && m?.[1] === 'endregion' && m[2] === name;
    });
    if (end < 0) return null;
    return lines.slice(start + 1, end);
  }
  return null;
}

/** Rule 1 for one page: every import resolves to a file and, if named, a non-empty region. */
export function checkSnippetImports(markdown: string, pageFile: string, docsDir: string): Finding[] {
  const findings: Finding[] = [];
  for (const snippet of findSnippetImports(markdown, pageFile, docsDir)) {
    const page = pageFile;
    if (!existsSync(snippet.file) || !statSync(snippet.file).isFile()) {
      findings.push({ page, line: snippet.line, message: `<<< ${snippet.raw}: no file at ${snippet.file}` });
      continue;
    }
    if (snippet.region === '') continue;
    const region = findRegion(readFileSync(snippet.file, 'utf8'), snippet.region);
    if (region === null) {
      findings.push({ page, line: snippet.line, message: `<<< ${snippet.raw}: no '#region ${snippet.region}' … '#endregion ${snippet.region}' pair in ${snippet.file}` });
    } else if (region.every((l) => l.trim() === '')) {
      findings.push({ page, line: snippet.line, message: `<<< ${snippet.raw}: region '${snippet.region}' is empty` });
    }
  }
  return findings;
}

/** Fence languages whose blocks must be imports, not copies. Shell, JSON, YAML and plain text are free. */
export const CODE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs', 'cjs', 'tsx', 'jsx', 'mts', 'cts', 'dockerfile', 'docker']);

/** A fenced block of a page. */
export interface FencedBlock {
  lang: string;
  /** 1-based line of the first content line. */
  line: number;
  lines: string[];
}

/** Every fenced code block of a page, with its language (the first word of the info string). */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; block: FencedBlock } | null = null;
  markdown.split('\n').forEach((text, index) => {
    const m = /^\s*(`{3,}|~{3,})\s*([^\s{[]*)/.exec(text);
    if (open === null && m) {
      open = { fence: m[1]!, block: { lang: (m[2] ?? '').toLowerCase(), line: index + 2, lines: [] } };
    } else if (open !== null && m && text.trim().startsWith(open.fence) && text.trim().replace(/[`~]/g, '') === '') {
      blocks.push(open.block);
      open = null;
    } else if (open !== null) {
      open.block.lines.push(text);
    }
  });
  return blocks;
}

/**
 * The lines that count when comparing code: trimmed, whitespace collapsed, and only those that
 * say something (at least 8 characters, not just brackets and punctuation).
 */
export function significantLines(lines: readonly string[]): string[] {
  return lines
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l.length >= 8 && !/^[\s{}()[\];,.:<>/*-]*$/.test(l));
}

/** How many consecutive significant lines make a copy. */
export const COPY_WINDOW = 3;

function windows(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + COPY_WINDOW <= lines.length; i++) out.push(lines.slice(i, i + COPY_WINDOW).join('\n'));
  return out;
}

/** An index of every run of 3 consecutive significant lines in the given source files. */
export class SourceIndex {
  private readonly runs = new Map<string, string>();

  /** @param files repository-relative paths mapped to their text */
  constructor(files: ReadonlyMap<string, string>) {
    for (const [file, text] of files) {
      for (const run of windows(significantLines(text.split('\n')))) if (!this.runs.has(run)) this.runs.set(run, file);
    }
  }

  /** The source file a run of lines was copied from, or undefined. */
  sourceOf(run: string): string | undefined {
    return this.runs.get(run);
  }
}

/** Rule 2 for one page: no block in a code language shares 3 consecutive significant lines with a source file. */
export function checkHandCopies(markdown: string, page: string, index: SourceIndex): Finding[] {
  const findings: Finding[] = [];
  for (const block of fencedBlocks(markdown)) {
    if (!CODE_LANGUAGES.has(block.lang)) continue;
    const copied = windows(significantLines(block.lines)).map((run) => ({ run, source: index.sourceOf(run) })).find((r) => r.source);
    if (copied) {
      findings.push({
        page,
        line: block.line,
        message: `a \`\`\`${block.lang} block copies ${copied.source} by hand (starting "${copied.run.split('\n')[0]}"); import a marked region with <<< instead`,
      });
    }
  }
  return findings;
}

/** Is this tracked file repository source that pages could copy from? */
export function isSourceFile(file: string): boolean {
  return /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(file) || /(^|\/)Dockerfile[^/]*$/.test(file);
}

/**
 * Is this file a renderer that writes docs pages (the generated blocks)? Its text holds the
 * page's text because it produces it, so a page matching it is generated, not copied.
 */
export function isPageGenerator(file: string): boolean {
  return file.startsWith('packages/results-docs/') || /(^|\/)(render-doc|write-docs)\.ts$/.test(file);
}
