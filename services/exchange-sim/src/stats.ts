/** Counters for `GET /admin/stats`. */
export class Stats {
  requests = 0;
  requestsByStatus: Record<string, number> = {};
  ordersPlaced = 0;
  trades = 0;
  wsConnections = 0;
  wsConnectionsTotal = 0;
  wsMessagesSent = 0;
  wsCommands = 0;
  wsBadCommands = 0;
  wsFramesInjected = 0;
  backgroundOrders = 0;
  rateLimited = 0;

  countResponse(status: number): void {
    this.requestsByStatus[status] = (this.requestsByStatus[status] ?? 0) + 1;
  }
}
