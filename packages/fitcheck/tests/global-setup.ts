/**
 * Builds the package once before the tests: the analyser spawns `dist/probe.js` in
 * fresh processes and the CLI tests spawn `dist/cli.js`, so both must match `src/`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: packageDir, stdio: 'inherit' });
}
