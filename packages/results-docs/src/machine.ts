/**
 * The machine block every docs/results/*.json carries (defined with the results format in
 * @serverless-ai/model-interface/results-format, so benches below this package share it),
 * and `describeMachine`, how the renderers quote it in captions.
 */
export { machine, type MachineAtStart, type MachineBlock } from '@serverless-ai/model-interface/results-format';
import type { MachineBlock } from '@serverless-ai/model-interface/results-format';

/** `AMD EPYC, 2 cores, 23.5 GiB, linux-x64, Node v20.20.2`: the machine as captions name it. */
export function describeMachine(block: MachineBlock): string {
  return `${block.cpuModel.trim()}, ${block.cores} cores, ${block.memoryGiB} GiB, ${block.platform}, Node ${block.node}`;
}
