/**
 * `npm run docs`: rewrites `docs/footfall-model.md` at the repo root from the feature
 * list and the committed artifact. Run it after `npm run train`.
 */
import { fileURLToPath } from 'node:url';
import { readJsonArtifact, writeFileDurably } from '@serverless-ai/model-interface';
import { DEFAULT_MODEL_PATH, footfallPayloadSchema } from '../src/index.js';
import { renderFootfallDocs } from './docs-page.js';

/** Where the page lives: `docs/footfall-model.md` in the repo root. */
export const DOCS_PAGE_PATH = fileURLToPath(new URL('../../../docs/footfall-model.md', import.meta.url));

const { card, payload } = readJsonArtifact(DEFAULT_MODEL_PATH, footfallPayloadSchema);
writeFileDurably(DOCS_PAGE_PATH, renderFootfallDocs(card, payload));
console.log(`Wrote ${DOCS_PAGE_PATH} (model ${card.version})`);
