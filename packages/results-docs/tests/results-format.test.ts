/**
 * The shared results format: the machine block benches stamp into their JSON, the
 * statistics they quote, and the generated-block markers every page uses.
 */
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeMachine, machine } from '../src/machine.js';
import { blockMarkers, fillMarkedBlock, fillMarkedBlocks, readMarkedBlock } from '../src/marked-blocks.js';
import { median, percentile, round } from '../src/stats.js';

describe('machine', () => {
  it('names this machine with the fields every results file records', () => {
    const block = machine();
    expect(block.cores).toBe(cpus().length);
    expect(block.node).toBe(process.version);
    expect(block.platform).toBe(`${process.platform}-${process.arch}`);
    expect(block.memoryGiB).toBeGreaterThan(0);
    expect(block.loadAverageAtStart).toBeGreaterThanOrEqual(0);
    expect(describeMachine(block)).toBe(`${block.cpuModel}, ${block.cores} cores, ${block.memoryGiB} GiB, ${block.platform}, Node ${block.node}`);
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count, in any order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list instead of returning NaN', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('percentile', () => {
  it('returns a measured value by nearest rank: p50 of 1..10 is 5, p99 is 10, p0 is the minimum', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
  });

  it('refuses an empty list and a percentile outside 0–100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow('outside 0–100');
  });
});

describe('round', () => {
  it('keeps the given number of decimals', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.25, 1)).toBe(1.3);
  });
});

describe('marked blocks', () => {
  const page = `# Title\n\n${blockMarkers('demo:a').start}\nold a\n${blockMarkers('demo:a').end}\n\nprose\n\n<!-- demo:b:start -->\nold b\n<!-- demo:b:end -->\n`;

  it('replaces only the text between a block\'s start and end markers', () => {
    const filled = fillMarkedBlock(page, 'demo:a', 'new a', 'page.md');
    expect(readMarkedBlock(filled, 'demo:a', 'page.md')).toBe('new a');
    expect(filled.replace('new a', 'old a')).toBe(page);
  });

  it('fills several blocks in one pass', () => {
    const filled = fillMarkedBlocks(page, { 'demo:a': 'A', 'demo:b': 'B' }, 'page.md');
    expect(filled).toBe(page.replace('old a', 'A').replace('old b', 'B'));
  });

  it('names the page and the markers of a block that is not there', () => {
    expect(() => fillMarkedBlock(page, 'demo:c', 'C', 'page.md')).toThrow('page.md has no <!-- demo:c:start --> … <!-- demo:c:end --> block to fill.');
  });
});
