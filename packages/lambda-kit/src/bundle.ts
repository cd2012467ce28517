/**
 * `@serverless-ai/lambda-kit/bundle`: the esbuild settings for every Lambda bundle in the repo.
 *
 * The footfall function (`npm run build`, its CDK NodejsFunction and its cold-start
 * benchmark) and the recommender-as-Lambda in apps/cross-pairing all build with these
 * options, so the two bundles differ only in what they carry, and the bundle you measure
 * is the bundle you deploy. Edit here, and every build follows.
 *
 * Why ESM (`.mjs`): the repo is ESM end to end, the dependencies ship ESM builds that
 * tree-shake better, and `import.meta.url` lets a handler find its data files next to
 * itself. Lambda's Node.js runtime loads `.mjs` as ESM without a package.json.
 *
 * Only a type comes from esbuild, so importing this module needs no esbuild at run time.
 */
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** Lambda runtime the bundles target: Node.js 22.x (the stacks' `Runtime.NODEJS_22_X`). */
export const NODE_TARGET = 'node22';

/** File name of a bundled handler; Lambda's handler setting is `index.handler`. */
export const HANDLER_FILE = 'index.mjs';

/**
 * Some CommonJS code inside ESM bundles calls `require()` for Node built-ins, which
 * ESM does not define. This banner defines it; it costs one line.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire as __lambdaKitCreateRequire } from 'node:module'; const require = __lambdaKitCreateRequire(import.meta.url);";

/**
 * Options for bundling a Lambda handler: one minified ESM file with every dependency
 * inlined (there is no node_modules in /var/task), no source map (it would ship in the
 * zip; stack traces point into minified code, but error messages and logs stay readable).
 * A package that loads compiled code (a native addon) cannot be inlined: add it with
 * `external` and ship it beside the bundle, as apps/cross-pairing does for hnswlib-node.
 */
// #region lambda-bundle-options
export const lambdaBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  minify: true,
  sourcemap: false,
  // Prefer packages' ESM entry points: they tree-shake better than CommonJS.
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  logLevel: 'warning',
} as const satisfies BuildOptions;
// #endregion lambda-bundle-options

/**
 * Options for a server that runs inside the repo (a local server, a container entry
 * point): packages stay external because node_modules is there, and a source map helps
 * the stack traces of code you are editing.
 */
export const serverBundleOptions = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  sourcemap: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * Absolute path of the `invoke-bundle.mjs` harness (also exported as
 * `@serverless-ai/lambda-kit/invoke-bundle`): run it with
 * `node <INVOKE_BUNDLE_SCRIPT> <bundle.mjs> <events.json>` for one cold start in a fresh process.
 */
export const INVOKE_BUNDLE_SCRIPT = fileURLToPath(new URL('../invoke-bundle.mjs', import.meta.url));
