/**
 * The esbuild settings for the recommender's Lambda bundle.
 *
 * The same settings as apps/footfall-lambda's `lambdaBundleOptions` (one minified ESM
 * file, Node.js 22 target, `module` entry points first, a `require` shim), so the two
 * bundles differ only in what they carry, plus one line: `hnswlib-node` stays
 * external. It is a native addon (a compiled `.node` file loaded with `process.dlopen`),
 * which no bundler can inline, so the package ships a `node_modules/` folder with it
 * (see recommender-bundle.ts). Edit here, and the build and the benchmark follow.
 */
import type { BuildOptions } from 'esbuild';

/** Lambda runtime the bundle targets: Node.js 22.x, as the footfall function. */
export const NODE_TARGET = 'node22';

/** File name of the bundled handler; Lambda's handler setting is `index.handler`. */
export const HANDLER_FILE = 'index.mjs';

/** Defines `require` for CommonJS code inside the ESM bundle (here: nothing but Node built-ins). */
const ESM_REQUIRE_BANNER = "import { createRequire as __crossCreateRequire } from 'node:module'; const require = __crossCreateRequire(import.meta.url);";

/** Packages that cannot be bundled because they load compiled code. */
export const NATIVE_EXTERNALS = ['hnswlib-node'] as const;

/** Options for bundling the recommender's Lambda handler. */
export const recommenderBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  external: [...NATIVE_EXTERNALS],
  logLevel: 'warning',
} as const satisfies BuildOptions;
