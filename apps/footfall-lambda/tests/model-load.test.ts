/**
 * Serverless limit "internal state": the model is read once per execution environment,
 * in the init phase, and every request reuses it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type * as FootfallModelPackage from '@serverless-ai/footfall-model';
import { DEFAULT_MODEL_PATH, loadFootfallModel, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { resolveModelPath } from '../src/config.js';
import { handler } from '../src/handler.js';
import { captureLogs, httpApiEvent, httpApiRequest, lambdaContext } from './helpers.js';

// Wrap the real loader in a spy so the test can count calls; it still loads the real file.
vi.mock('@serverless-ai/footfall-model', async (importOriginal) => {
  const actual = await importOriginal<typeof FootfallModelPackage>();
  return { ...actual, loadFootfallModel: vi.fn(actual.loadFootfallModel) };
});

describe('model loading', () => {
  it('loads the model once, when the module is imported, and never again per request', async () => {
    // Arrange: importing handler.ts above ran its init phase.
    const loader = vi.mocked(loadFootfallModel);
    expect(loader, '🚨 the model must be loaded at init, when the module is imported').toHaveBeenCalledTimes(1);

    // Act
    await captureLogs(async () => {
      await handler(httpApiEvent(), lambdaContext());
      await handler(httpApiRequest('GET', '/model'), lambdaContext());
      await handler(httpApiEvent(), lambdaContext());
    });

    // Assert
    expect(loader, '🚨 the model file must be read at init, not per request').toHaveBeenCalledTimes(1);
    expect(loader).toHaveBeenCalledWith(DEFAULT_MODEL_PATH);
  });
});

describe('resolveModelPath', () => {
  const moduleIn = (dir: string): string => pathToFileURL(join(dir, 'index.mjs')).href;

  it('uses MODEL_PATH when it is set', () => {
    expect(resolveModelPath({ MODEL_PATH: '/var/task/footfall-model.json' }, moduleIn(tmpdir()))).toBe('/var/task/footfall-model.json');
  });

  it('uses the model file next to the bundled handler when there is one', () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'footfall-bundle-'));
    writeFileSync(join(dir, MODEL_FILE_NAME), '{}');

    // Act
    const path = resolveModelPath({}, moduleIn(dir));

    // Assert
    expect(path).toBe(join(dir, MODEL_FILE_NAME));
  });

  it("falls back to the package's committed model when running from source", () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'footfall-src-'));
    expect(resolveModelPath({ MODEL_PATH: '  ' }, moduleIn(emptyDir))).toBe(DEFAULT_MODEL_PATH);
  });
});
