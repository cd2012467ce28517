/**
 * What the workshop's checks share: where the repo is, and builders the repo's own
 * tests use. Checks import it as `@serverless-ai/workshop/kit`, so they work the same
 * from the playground, from a step's folder and from CI's copies.
 */
export { buildElf, type ElfSpec } from '../../../packages/fitcheck/tests/helpers/elf-builder.js';
export { REPO_DIR, WORKSHOP_DIR } from './steps.js';
// The cost CLI's loader of the measured results (Node-only, so the package does not export it).
export { loadMeasurements } from '../../../packages/cost-model/src/cli/files.js';
// fitcheck's own fixture builders: real hnswlib-node addon, seeded data, sparse files.
export { makeHnswBundle } from '../../../packages/fitcheck/tests/fixtures.js';
