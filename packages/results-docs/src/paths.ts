/**
 * Where the renderers read and write, relative to one repository root. Every renderer
 * takes the root as a parameter, so the drift test can render into a temporary copy
 * of the repository and compare it with the committed files.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this package sits in (src/ and dist/ are both three levels down). */
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/** docs/results/ under a repository root: the results JSON files and the chart SVGs. */
export const resultsDirOf = (root: string): string => join(root, 'docs', 'results');

/** The results JSON files and charts of this repository. */
export const RESULTS_DIR = resultsDirOf(REPO_DIR);
