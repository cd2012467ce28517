/**
 * The esbuild settings for the Lambda bundle, in one place.
 *
 * `npm run build` (scripts/build.ts), the CDK NodejsFunction (lib/footfall-function.ts)
 * and the cold-start benchmark's hello-world baseline (bench/) all read these, so the
 * bundle you measure is the bundle you deploy. Edit here, and all three follow.
 *
 * Why ESM (`.mjs`): the repo is ESM end to end, the dependencies ship ESM builds that
 * tree-shake better, and `import.meta.url` lets the handler find the model file next
 * to itself. Lambda's Node.js runtime loads `.mjs` as ESM without a package.json.
 */
import type { BuildOptions } from 'esbuild';

/** Lambda runtime the bundle targets: Node.js 22.x (the stack's `Runtime.NODEJS_22_X`). */
export const NODE_TARGET = 'node22';

/** File name of the bundled handler; Lambda's handler setting is `index.handler`. */
export const HANDLER_FILE = 'index.mjs';

/**
 * Some CommonJS code inside ESM bundles calls `require()` for Node built-ins, which
 * ESM does not define. This banner defines it; it costs one line.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire as __footfallCreateRequire } from 'node:module'; const require = __footfallCreateRequire(import.meta.url);";

/**
 * Options for bundling a Lambda handler: one minified ESM file with every dependency
 * inlined (there is no node_modules in /var/task), no source map (it would ship in the
 * zip; stack traces point into minified code, but error messages and logs stay readable).
 */
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
