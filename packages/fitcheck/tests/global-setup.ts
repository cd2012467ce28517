/**
 * Makes sure `dist/` matches `src/` before the tests: the analyser spawns
 * `dist/probe.js` in fresh processes and the CLI tests spawn `dist/cli.js`.
 * Under turbo the build task has just run, so this only checks; run directly with
 * `npx vitest`, it rebuilds when a source file is newer than the build. (Rebuilding
 * unconditionally could rewrite dist/ while another package's tests import it.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function newestMtime(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    }),
  );
}

export default function setup(): void {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const built = ['probe.js', 'cli.js', 'index.js'].map((f) => join(packageDir, 'dist', f));
  const stale = built.some((f) => !existsSync(f) || statSync(f).mtimeMs < newestMtime(join(packageDir, 'src')));
  if (stale) execFileSync('npm', ['run', '--silent', 'build'], { cwd: packageDir, stdio: 'inherit' });
}
