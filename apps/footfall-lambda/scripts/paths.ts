/**
 * Where the build puts things. Scripts, tests, the benchmark and the CDK stack import
 * these instead of repeating relative paths.
 */
import { fileURLToPath } from 'node:url';

/** The app folder, apps/footfall-lambda. */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The repository root (where package-lock.json and node_modules live). */
export const REPO_DIR = fileURLToPath(new URL('../../..', import.meta.url));
/** Everything `npm run build` writes. */
export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
/** The Lambda deployment package: exactly what would be zipped and uploaded. */
export const LAMBDA_DIR = fileURLToPath(new URL('../dist/lambda/', import.meta.url));
/** The local server bundle started by `npm start`. */
export const LOCAL_SERVER_BUNDLE = fileURLToPath(new URL('../dist/local-server.mjs', import.meta.url));
/** esbuild's metafile for the Lambda bundle (kept outside dist/lambda so it does not ship). */
export const LAMBDA_METAFILE = fileURLToPath(new URL('../dist/lambda-meta.json', import.meta.url));
/** The size report written by the build. */
export const SIZE_REPORT = fileURLToPath(new URL('../dist/size-report.json', import.meta.url));
/** The handler's TypeScript entry point. */
export const HANDLER_ENTRY = fileURLToPath(new URL('../src/handler.ts', import.meta.url));
