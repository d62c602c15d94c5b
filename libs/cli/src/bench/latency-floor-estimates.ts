/**
 * Floors of tick-to-order paths from the medians of their steps (pure). Each path pays every
 * step it is made of at least once; what the services do besides (parsing, validating,
 * deciding, waiting for a core) comes on top.
 */
export interface StepMedians {
  /** Signing one order request. */
  sign: number;
  /** One order POST to another process and its answer. */
  post: number;
  /** One stored write (or a read of the same size): a round trip to nats-server. */
  write: number;
  /** One message from one process to another through a stream. */
  hop: number;
}

export interface FloorEstimate {
  path: string;
  milliseconds: number;
}

export function floorEstimates(medians: StepMedians): FloorEstimate[] {
  const order = medians.sign + medians.post;
  return [
    // ingest → cache, cache → agents, agents → gate, gate → execution; the cache's KV write, the
    // agents' and the gate's KV reads, execution's claim.
    { path: 'the path as built (4 hops, 4 round trips, the signed order)', milliseconds: 4 * medians.hop + 4 * medians.write + order },
    { path: 'one process from frame to order, the claim stored before the order', milliseconds: medians.write + order },
    { path: 'one process, nothing stored before the order', milliseconds: order },
  ];
}
