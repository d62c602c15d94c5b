/**
 * The official SDK, built once per client. Each API object gets its own axios instance because
 * the SDK adds a signing interceptor to the instance it is given every time an API object is
 * constructed: sharing one instance (or the global axios) would sign every request several times
 * and leak interceptors across clients.
 *
 * The SDK is not given the key pair: its signer parses the PEM text on every request. Requests
 * are signed here instead, the same way, with the key parsed once (`signing.ts`).
 */
import axios from 'axios';
import { AccountApi, Configuration, EventsApi, ExchangeApi, MarketApi, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { createRequestSigner } from './signing';

/** The axios config field through which the request pipeline reports that a request is signed and leaving. */
export const SENDING_HOOK = 'pollyOnSending';

export interface SdkOptions {
  restBaseUrl: string;
  keyId?: string | undefined;
  privateKeyPem?: string | undefined;
  timeoutMs: number;
}

export interface Sdk {
  account: AccountApi;
  events: EventsApi;
  exchange: ExchangeApi;
  market: MarketApi;
  orders: OrdersApi;
  portfolio: PortfolioApi;
}

export function createSdk(options: SdkOptions): Sdk {
  const configuration = new Configuration({ basePath: options.restBaseUrl.replace(/\/+$/, '') });
  const signer = options.keyId && options.privateKeyPem ? createRequestSigner(options.keyId, options.privateKeyPem) : null;
  const basePath = configuration.basePath;
  const instance = () => {
    const created = axios.create({
      timeout: options.timeoutMs,
      // Status codes are classified by the executor, so axios must not throw on them.
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    });
    // axios runs request interceptors last-registered first: the signer runs, then this hook,
    // which marks the moment a signed request leaves.
    created.interceptors.request.use((config) => {
      const onSending = (config as unknown as Record<string, unknown>)[SENDING_HOOK];
      if (typeof onSending === 'function') onSending();
      return config;
    });
    if (signer) {
      created.interceptors.request.use((config) => {
        if (config.url && config.method) Object.assign(config.headers, signer.headers(config.method, new URL(config.url, basePath).pathname));
        return config;
      });
    }
    return created;
  };
  return {
    account: new AccountApi(configuration, basePath, instance()),
    events: new EventsApi(configuration, basePath, instance()),
    exchange: new ExchangeApi(configuration, basePath, instance()),
    market: new MarketApi(configuration, basePath, instance()),
    orders: new OrdersApi(configuration, basePath, instance()),
    portfolio: new PortfolioApi(configuration, basePath, instance()),
  };
}
