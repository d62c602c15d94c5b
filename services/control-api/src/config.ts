/**
 * The control API's configuration. It is the only door into the system from a browser, so the
 * defaults are the safe ones: loopback bind, a generated bearer token, no extra origins.
 */
import { z } from 'zod';
import { BusConfig, DatabaseConfig, ExchangeConfig, envBoolean, envPort } from '@polly/runtime';

const originList = z
  .string()
  .default('')
  .transform((text, context) => {
    const origins: string[] = [];
    for (const entry of text.split(',').map((item) => item.trim()).filter(Boolean)) {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        context.addIssue({ code: 'custom', message: `"${entry}" is not an origin such as http://127.0.0.1:5173` });
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        context.addIssue({ code: 'custom', message: `"${entry}" must start with http:// or https://` });
        continue;
      }
      origins.push(url.origin);
    }
    return origins;
  });

export const ControlApiConfig = BusConfig.extend(DatabaseConfig.shape)
  .extend(ExchangeConfig.shape)
  .extend({
    POLLY_CONTROL_HOST: z.string().min(1).default('127.0.0.1').describe('address the control API listens on (loopback unless POLLY_CONTROL_ALLOW_PUBLIC_BIND)'),
    POLLY_CONTROL_PORT: envPort.default(4400).describe('port of the control API and the cockpit'),
    POLLY_CONTROL_ALLOW_PUBLIC_BIND: envBoolean.default(false).describe('set to true to allow a non-loopback POLLY_CONTROL_HOST (the API must never face the internet)'),
    POLLY_CONTROL_TOKEN: z.string().min(24, 'use at least 24 characters').optional().describe('bearer token for non-browser clients; generated at start when unset'),
    POLLY_CONTROL_TOKEN_FILE: z.string().min(1).default('.artifacts/control-token').describe('where a generated token is written (mode 0600) for the CLI'),
    POLLY_CONTROL_ALLOWED_ORIGINS: originList.describe('extra browser origins allowed to send commands, comma-separated (e.g. http://127.0.0.1:5173)'),
    POLLY_WEB_ROOT: z.string().min(1).default('.artifacts/web').describe('folder of the built cockpit (npm run build -w @polly/web)'),
    POLLY_ENV_FILE: z.string().min(1).default('.env').describe('the .env file the cockpit may auto-fill Kalshi keys from'),
  });
export type ControlApiConfig = z.infer<typeof ControlApiConfig>;

/** Loopback names and addresses: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  if (name.startsWith('::ffff:')) return isLoopbackHost(name.slice('::ffff:'.length));
  return /^127(\.\d{1,3}){3}$/.test(name);
}
