/**
 * @serverless-ai/fitcheck: "does this fit on AWS Lambda?" as a library.
 *
 * `analyse(target, options)` returns a `FitReport`; `formatReport` renders it and
 * `exitCodeFor` maps it to the CLI's exit code. The ELF reader and the limits are
 * exported too, for the docs and for anyone who wants one piece.
 */
export { analyse, DEFAULT_RUNS, machineInfo, resolveThresholds, type AnalyseOptions } from './analyse.js';
export { CannotAnalyseError, listDataFiles, scanFolder, scanZip, type BundleFile, type BundleScan, type NativeBinary } from './bundle.js';
export { compareVersions, detectBinaryFormat, EM_AARCH64, EM_X86_64, ElfParseError, isElf, newestVersion, parseElf, type ElfInfo, type GlibcMethod, type VersionNeed } from './elf.js';
export { DEFAULT_HANDLER_FILES, formatHandler, resolveHandler, type HandlerRef } from './handler.js';
export {
  DEFAULT_ROUTE,
  DEFAULT_RUNTIME,
  DEFAULT_THRESHOLDS,
  DEPLOY_ROUTES,
  isLambdaRuntime,
  LAMBDA_LIMITS,
  LAMBDA_RUNTIMES,
  MB,
  runtimeThresholds,
  type DeployRoute,
  type DocumentedLimit,
  type LambdaArchitecture,
  type LambdaRuntime,
  type RuntimeFacts,
  type Thresholds,
} from './limits.js';
export { median, type FileRead, type InitMeasurement, type PhaseReads, type RunStats } from './measure.js';
export { EXIT_CODES, exitCodeFor, formatReport, REPORT_SCHEMA, type FitReport, type MachineInfo, type NativeBinaryReport } from './report.js';
export { criteriaOnRoute, judge, overallVerdict, verdictsByRoute, type Criteria, type Criterion, type CriterionStatus, type Finding, type FindingLevel, type Verdict } from './verdict.js';
export type { ElfWalkthrough, Example, ExampleResults } from './doc-results.js';
