/**
 * `npm run build`: the deployment package, the local server, and the size report.
 *
 * 1. dist/lambda/footfall-model.json: the trained model, fully checked here, once per build.
 * 2. dist/lambda/index.mjs: the handler and every dependency in one ESM file, with that
 *    file's SHA-256 embedded, so init only verifies the checksum (scripts/validated-model.ts).
 *    Together, 1 and 2 are the whole Lambda package (the CDK stack builds the same pair).
 *    `npm run build -- --heavy-init` leaves the checksum out: the heavy-init variant, which
 *    checks the whole model at init (the workshop's "make the cold start cheaper" start).
 * 3. dist/local-server.mjs: `npm start`'s server. Packages stay external (it runs inside
 *    the repo), but the handler code in it is the same source as in 1.
 * 4. dist/size-report.json: bytes and zipped bytes of dist/lambda (serverless limit
 *    "dependencies"), plus which package contributes what.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { writeSizeReport } from './bundle-size.js';
import { HANDLER_FILE, lambdaBundleOptions, serverBundleOptions } from '@serverless-ai/lambda-kit/bundle';
import { APP_DIR, DIST_DIR, HANDLER_ENTRY, LAMBDA_DIR, LAMBDA_METAFILE, LOCAL_SERVER_BUNDLE, SIZE_REPORT } from './paths.js';
import { validateModelForBundle } from './validated-model.js';

const { values: flags } = parseArgs({ options: { 'heavy-init': { type: 'boolean', default: false } } });

rmSync(DIST_DIR, { recursive: true, force: true });
mkdirSync(LAMBDA_DIR, { recursive: true });

// 1. The model, fully checked (format, card, checksum, every value) so a bad file fails the build, not a cold start.
const { model, define } = validateModelForBundle(DEFAULT_MODEL_PATH);
copyFileSync(DEFAULT_MODEL_PATH, join(LAMBDA_DIR, MODEL_FILE_NAME));

// #region bundle-step
// 2. The Lambda handler bundle, carrying the model file's checksum (unless --heavy-init).
const handlerOut = join(LAMBDA_DIR, HANDLER_FILE);
const lambda = await build({ ...lambdaBundleOptions, ...(flags['heavy-init'] ? {} : { define }), entryPoints: [HANDLER_ENTRY], outfile: handlerOut, metafile: true });
writeFileSync(LAMBDA_METAFILE, JSON.stringify(lambda.metafile));
// #endregion bundle-step

// 3. The local server.
await build({ ...serverBundleOptions, entryPoints: [join(APP_DIR, 'src/local-main.ts')], outfile: LOCAL_SERVER_BUNDLE });

// 4. The size report.
const report = writeSizeReport();

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`footfall-lambda: model ${model.version} → ${relative(APP_DIR, LAMBDA_DIR)}${flags['heavy-init'] ? ' (heavy-init variant: the model is checked at init)' : ''}`);
for (const file of report.files) console.log(`  ${file.path.padEnd(22)} ${kB(file.bytes)}`);
console.log(`  package: ${kB(report.bytes)}, zipped ${kB(report.zippedBytes)} (budget ${kB(report.limits.budgetZippedBytes)}) → ${relative(APP_DIR, SIZE_REPORT)}`);
