/**
 * Where the control API is. The cockpit is normally served by the control API itself, so the
 * answer is "this page's origin"; the static dev server (web/serve.mjs) answers
 * `control-api.json` with the API it was told about, or "none" (the browser tests that need no
 * backend), so the page never probes a server that is not there. `?api=<origin>` overrides both.
 */
import * as z from 'zod/mini';

export type ApiLocation = { kind: 'none'; reason: string } | { kind: 'found'; baseUrl: string };

const LocationFile = z.object({ controlApi: z.string() });

function loopbackOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return (url.protocol === 'http:' || url.protocol === 'https:') && loopback ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export async function locateControlApi(): Promise<ApiLocation> {
  const override = new URLSearchParams(window.location.search).get('api');
  if (override) {
    const origin = loopbackOrigin(override);
    return origin ? { kind: 'found', baseUrl: origin === window.location.origin ? '' : origin } : { kind: 'none', reason: `?api=${override} is not a loopback address` };
  }
  try {
    const response = await fetch('control-api.json', { cache: 'no-store' });
    const parsed = LocationFile.safeParse(response.ok ? await response.json() : undefined);
    if (!parsed.success) return { kind: 'none', reason: 'this build does not say where the control API is' };
    const { controlApi } = parsed.data;
    if (controlApi === 'same-origin') return { kind: 'found', baseUrl: '' };
    if (controlApi === 'none') return { kind: 'none', reason: 'this page is served without a control API' };
    const origin = loopbackOrigin(controlApi);
    return origin ? { kind: 'found', baseUrl: origin } : { kind: 'none', reason: `control API address ${controlApi} is not a loopback address` };
  } catch {
    return { kind: 'none', reason: 'control-api.json could not be read' };
  }
}

/** The /events WebSocket address for an API base ('' = this page's origin). */
export function eventsSocketUrl(baseUrl: string): string {
  return `${(baseUrl || window.location.origin).replace(/^http/, 'ws')}/events`;
}
