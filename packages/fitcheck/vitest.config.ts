import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tests run the built probe and CLI: build first (tests/global-setup.ts).
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['./tests/global-setup.ts'] } }));
