/**
 * The results format's machine block: every docs/results/*.json names the machine it
 * was measured on, because a figure without its machine is not a measurement. Benches
 * stamp `machine()` into their JSON; the renderers quote it with `describeMachine`.
 */
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';

/** The machine block every results file records. */
export interface MachineBlock {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

/** A machine block with the 1-minute load average when the run started (above the core count: a busy, noisy machine). */
export interface MachineAtStart extends MachineBlock {
  loadAverageAtStart: number;
}

/** This machine, now: the block a bench writes into its results JSON. */
export function machine(): MachineAtStart {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()}-${arch()}`,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** `AMD EPYC, 2 cores, 23.5 GiB, linux-x64, Node v20.20.2`: the machine as captions name it. */
export function describeMachine(block: MachineBlock): string {
  return `${block.cpuModel.trim()}, ${block.cores} cores, ${block.memoryGiB} GiB, ${block.platform}, Node ${block.node}`;
}
