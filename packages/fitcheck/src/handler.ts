/**
 * Finding the handler to run, the way Lambda names it.
 *
 * Lambda's `handler` setting is `<file without extension>.<export>` (`index.handler`).
 * fitcheck also accepts the explicit `<file>#<export>` (`dist/index.mjs#handler`),
 * and with neither it looks for the files a bundler usually emits. Edit the
 * candidate list here if a new bundle layout becomes common.
 */
import { existsSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { CannotAnalyseError } from './bundle.js';

/** A handler inside a bundle: a module file and the name of its exported function. */
export interface HandlerRef {
  /** Path inside the bundle, `/`-separated. */
  file: string;
  exportName: string;
}

/** Tried in order when no handler is given: what esbuild/CDK `NodejsFunction` and hand-made bundles emit. */
export const DEFAULT_HANDLER_FILES = ['index.mjs', 'index.js', 'index.cjs', 'handler.mjs', 'handler.js', 'handler.cjs'] as const;
/** Lambda resolves `<name>.<export>` against these extensions, in this order. */
const LAMBDA_EXTENSIONS = ['.mjs', '.js', '.cjs'] as const;

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Formats a handler the way fitcheck prints and accepts it: `file#export`. */
export function formatHandler(ref: HandlerRef): string {
  return `${ref.file}#${ref.exportName}`;
}

/**
 * Resolves a handler spec against a bundle folder.
 * @param spec `file#export`, Lambda's `name.export`, or undefined to search `DEFAULT_HANDLER_FILES` for `handler`.
 * @returns the handler, or null when no spec was given and no default file exists.
 * @throws CannotAnalyseError when an explicit spec names a file that is not there.
 */
export function resolveHandler(root: string, spec?: string): HandlerRef | null {
  if (spec === undefined || spec === '') {
    const file = DEFAULT_HANDLER_FILES.find((name) => isFile(join(root, name)));
    return file ? { file, exportName: 'handler' } : null;
  }

  const hash = spec.lastIndexOf('#');
  if (hash >= 0) {
    const file = posix.normalize(spec.slice(0, hash).replace(/\\/g, '/'));
    const exportName = spec.slice(hash + 1) || 'handler';
    if (!isFile(join(root, file))) throw new CannotAnalyseError(`Handler file not found in the bundle: ${file}`);
    return { file, exportName };
  }

  // Lambda style: the last dot separates the module (without extension) from the export.
  const dot = spec.lastIndexOf('.');
  if (dot > 0) {
    const base = spec.slice(0, dot);
    const exportName = spec.slice(dot + 1);
    const file = LAMBDA_EXTENSIONS.map((ext) => `${base}${ext}`).find((f) => isFile(join(root, f)));
    if (file) return { file, exportName };
  }
  throw new CannotAnalyseError(`Cannot find handler "${spec}": use <file>#<export> (e.g. index.mjs#handler) or Lambda's <file>.<export> (e.g. index.handler)`);
}
