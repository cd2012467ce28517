/**
 * Closed-form M/M/c queue (Poisson arrivals, exponential service, c servers, one FIFO
 * queue): the Erlang C probability of waiting and the mean wait. The simulation's queue
 * is checked against it in a test.
 */

/**
 * Erlang C: the probability an arrival waits, for offered load a = λ/μ on c servers.
 * Computed through the Erlang B recursion, which stays stable for large c.
 * @throws RangeError when the queue is unstable (a ≥ c)
 */
export function erlangC(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`servers must be a positive integer, got ${servers}`);
  if (offeredLoad >= servers) throw new RangeError(`offered load ${offeredLoad} needs more than ${servers} servers`);
  let erlangB = 1;
  for (let k = 1; k <= servers; k += 1) erlangB = (offeredLoad * erlangB) / (k + offeredLoad * erlangB);
  const rho = offeredLoad / servers;
  return erlangB / (1 - rho + rho * erlangB);
}

/** Mean time in queue (not counting service) of an M/M/c queue: C(c, a) / (cμ − λ). */
export function mmcMeanWait(arrivalRate: number, serviceRate: number, servers: number): number {
  const probabilityOfWaiting = erlangC(servers, arrivalRate / serviceRate);
  return probabilityOfWaiting / (servers * serviceRate - arrivalRate);
}
