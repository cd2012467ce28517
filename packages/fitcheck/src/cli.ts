#!/usr/bin/env node
/**
 * The `fitcheck` command: parse arguments, run `analyse`, print the report, exit
 * with the documented code (0 fits, 1 does not fit, 2 usage error / cannot analyse).
 * Nothing else lives here; the logic is in `analyse.ts`, the flags in `cli-args.ts`.
 */
import { readFileSync } from 'node:fs';
import { analyse } from './analyse.js';
import { CannotAnalyseError } from './bundle.js';
import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { EXIT_CODES, exitCodeFor, formatReport } from './report.js';

async function main(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const command = parseCliArgs(argv);
    json = command.json;
    if (command.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command.kind === 'version') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    const report = await analyse(command.target, command.options);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return exitCodeFor(report);
  } catch (err) {
    const known = err instanceof UsageError || err instanceof CannotAnalyseError;
    const code = err instanceof UsageError ? 'USAGE' : known ? 'CANNOT_ANALYSE' : 'INTERNAL';
    const message = (err as Error).message;
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message, details: {} } })}\n`);
    process.stderr.write(`fitcheck: ${message}\n${err instanceof UsageError ? `\n${USAGE}` : ''}`);
    if (!known) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return EXIT_CODES.usage;
  }
}

process.exitCode = await main(process.argv.slice(2));
