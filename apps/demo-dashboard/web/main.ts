/**
 * Entry of the demo page's script (bundled to /app.js by esbuild at build time).
 * Loads config and samples from the demo server, then wires the three panels; the cost
 * panel needs no server and is wired first.
 */
import { callApi, describeError } from './api.js';
import { initCostPanel } from './cost-panel.js';
import { byId, show } from './dom.js';
import { initFootfallPanel } from './footfall-panel.js';
import { LatencyRecorder } from './latency.js';
import { initRecommenderPanel } from './recommender-panel.js';
import { initSideBySidePanel } from './side-by-side-panel.js';
import type { DemoConfig, FootfallSamples, RecommenderSamples } from '../src/shared/types.js';

async function main(): Promise<void> {
  const status = byId('page-status', HTMLParagraphElement);
  const recorder = new LatencyRecorder();
  initCostPanel(); // computed in the page: needs no service
  try {
    const [config, footfallSamples, recommenderSamples] = await Promise.all([
      callApi<DemoConfig>('/api/config'),
      callApi<FootfallSamples>('/api/samples/footfall'),
      callApi<RecommenderSamples>('/api/samples/recommender'),
    ]);
    const footfall = initFootfallPanel(footfallSamples, recorder);
    const recommender = initRecommenderPanel(recommenderSamples, config, recorder);
    initSideBySidePanel(recorder, {
      footfall: () => {
        const body = footfall.currentRequest();
        return body ? { url: '/api/footfall/predict', body } : null;
      },
      recommender: () => {
        const body = recommender.currentRequest();
        return body ? { url: '/api/recommender/recommendations', body } : null;
      },
    });
    document.body.dataset.ready = 'true';
  } catch (err) {
    show(status, `The page could not load its data: ${describeError(err)}`);
    status.classList.add('error');
  }
}

void main();
