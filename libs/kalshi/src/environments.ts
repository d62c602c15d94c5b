/**
 * Where Kalshi lives (PROTOCOL §1). The dedicated `external-api*` hosts are the documented default
 * since May 2026; the shared hosts still work. A local exchange simulator is reached by passing
 * its URLs explicitly.
 */
import type { Environment } from '@polly/contracts';

export interface KalshiEndpoints {
  /** REST base including `/trade-api/v2` (the SDK's basePath). */
  restBaseUrl: string;
  /** WebSocket URL including `/trade-api/ws/v2`. */
  websocketUrl: string;
}

export const KALSHI_ENDPOINTS: Record<Environment, KalshiEndpoints> = {
  live: {
    restBaseUrl: 'https://external-api.kalshi.com/trade-api/v2',
    websocketUrl: 'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
  },
  demo: {
    restBaseUrl: 'https://external-api.demo.kalshi.co/trade-api/v2',
    websocketUrl: 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2',
  },
};

/** The path the WebSocket upgrade is signed over, whatever the host. */
export const WEBSOCKET_SIGNED_PATH = '/trade-api/ws/v2';
