/**
 * `npm run generate`: writes one generated history as CSV files for inspection in a
 * spreadsheet or notebook. Training does not need these files: it calls the generator
 * in memory. Output goes to the git-ignored `.data/` folder.
 *
 *   npm run generate
 *   npm run generate -- --seed 7 --stores 10 --days 800 --out-dir .data/seed7
 *
 * Files: `daily.csv` (one line per store and day), `rows.csv` (the 100 features of each
 * supervised row and its target) and `stores.json` (store attributes and latent truth).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileDurably } from '@serverless-ai/model-interface';
import { DEFAULT_GENERATE_OPTIONS, FEATURE_COUNT, FEATURE_NAMES, generateFootfallHistory } from '../src/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_GENERATE_OPTIONS.seed) },
    stores: { type: 'string', default: String(DEFAULT_GENERATE_OPTIONS.stores) },
    days: { type: 'string', default: String(DEFAULT_GENERATE_OPTIONS.days) },
    'start-date': { type: 'string', default: DEFAULT_GENERATE_OPTIONS.startDate },
    'out-dir': { type: 'string', default: '.data' },
  },
});

const started = performance.now();
const history = generateFootfallHistory({
  seed: Number(values.seed),
  stores: Number(values.stores),
  days: Number(values.days),
  startDate: values['start-date'],
});
console.error(`[generate] ${history.stores.length} stores × ${history.dates.length} days in ${((performance.now() - started) / 1000).toFixed(2)} s`);

const outDir = resolve(values['out-dir']);
mkdirSync(outDir, { recursive: true });
const quote = (text: string): string => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const daily: string[] = ['storeId,storeName,date,holiday,customers'];
history.stores.forEach((store, s) => {
  history.dates.forEach((date, i) => {
    daily.push(`${store.storeId},${quote(store.name)},${date},${quote(history.holidays[i] ?? '')},${history.customers[s]![i]}`);
  });
});
writeFileDurably(join(outDir, 'daily.csv'), `${daily.join('\n')}\n`);

const { dataset } = history;
const rows: string[] = [`storeId,date,targetDate,${FEATURE_NAMES.join(',')},customersTomorrow`];
for (let r = 0; r < dataset.rowCount; r++) {
  const t = dataset.dayIndex[r]!;
  const features = Array.from(dataset.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT)).join(',');
  rows.push(`${history.stores[dataset.storeIndex[r]!]!.storeId},${history.dates[t]},${history.dates[t + 1]},${features},${dataset.customersTomorrow[r]}`);
}
writeFileDurably(join(outDir, 'rows.csv'), `${rows.join('\n')}\n`);
writeFileDurably(join(outDir, 'stores.json'), `${JSON.stringify(history.stores, null, 2)}\n`);
console.log(`Wrote ${join(outDir, 'daily.csv')} (${daily.length - 1} lines), rows.csv (${dataset.rowCount} rows × ${FEATURE_COUNT} features) and stores.json`);
