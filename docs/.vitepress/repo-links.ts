/**
 * A markdown-it rule for links that leave docs/ (`../apps/footfall-lambda/README.md`), and for
 * links to a README inside docs/, which the site serves as its folder's index page.
 *
 * On GitHub those relative links open the file in the repository. The built site only holds
 * docs/, so the same href would be a 404. With `DOCS_REPO_URL` set (for example
 * https://github.com/<owner>/<repo>/blob/main) they become links to the file there; without
 * it, the link text stays and the repository path is shown as its title, never a dead link.
 */
import path from 'node:path';
import type { MarkdownRenderer as MarkdownIt } from 'vitepress';

/**
 * The repository path a relative href from a page in docs/ points to, when the built site cannot
 * serve it: a file outside docs/, or a folder (GitHub lists a folder; the site has no listings).
 * Null for anything the site serves (pages, images, the results JSON copied beside it).
 */
export function repositoryPathOutsideDocs(href: string, pageFile: string, docsDir: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('/')) return null;
  const [target = ''] = href.split('#');
  if (target === '') return null;
  const resolved = path.resolve(path.dirname(pageFile), decodeURI(target));
  const relativeToDocs = path.relative(docsDir, resolved);
  const isFolder = target.endsWith('/');
  if (!relativeToDocs.startsWith('..') && !isFolder) return null;
  return path.relative(path.dirname(docsDir), resolved).split(path.sep).join('/') + (isFolder ? '/' : '');
}

/**
 * A link to a folder's README.md inside docs/ (`../README.md`, `workshop/README.md#order`), as
 * the href of the page the site builds from it: the folder itself (`../`, `workshop/#order`),
 * because a README is its folder's index page (config.ts rewrites). Null for any other href.
 */
export function readmeLinkAsFolder(href: string, pageFile: string, docsDir: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('/')) return null;
  const [target = '', anchor] = href.split('#');
  if (path.posix.basename(target) !== 'README.md') return null;
  const resolved = path.resolve(path.dirname(pageFile), decodeURI(target));
  if (path.relative(docsDir, resolved).startsWith('..')) return null;
  const folder = target.slice(0, -'README.md'.length) || './';
  return anchor === undefined ? folder : `${folder}#${anchor}`;
}

/** Installs the rule. `repoUrl` is the base a repository path is appended to, if any. */
export function repoLinksPlugin(md: MarkdownIt, options: { docsDir: string; repoUrl?: string | undefined }): void {
  md.core.ruler.push('repo-links', (state) => {
    const env = state.env as { realPath?: string; path?: string };
    const pageFile = env.realPath ?? env.path;
    if (!pageFile) return;
    for (const block of state.tokens) {
      const children = block.children ?? [];
      const open: Array<number> = [];
      for (let i = 0; i < children.length; i++) {
        const token = children[i]!;
        if (token.type === 'link_open') {
          const href = token.attrGet('href') ?? '';
          const folderHref = readmeLinkAsFolder(href, pageFile, options.docsDir);
          if (folderHref !== null) {
            token.attrSet('href', folderHref);
            open.push(-1);
            continue;
          }
          const repoPath = repositoryPathOutsideDocs(href, pageFile, options.docsDir);
          if (repoPath === null) {
            open.push(-1);
          } else if (options.repoUrl) {
            token.attrSet('href', `${options.repoUrl.replace(/\/$/, '')}/${repoPath}`);
            open.push(-1);
          } else {
            token.type = 'html_inline';
            token.content = `<span class="repo-path" title="In the repository: ${md.utils.escapeHtml(repoPath)}">`;
            open.push(i);
          }
        } else if (token.type === 'link_close') {
          const opened = open.pop();
          if (opened !== undefined && opened >= 0) {
            token.type = 'html_inline';
            token.content = '</span>';
          }
        }
      }
    }
  });
}
