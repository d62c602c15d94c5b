/**
 * The ISS live feed window of the Trading Studio. It is the one external request the cockpit
 * makes, and only while the Trading Studio is open. Before embedding, a no-cors probe checks that
 * the video host can be reached at all; offline or blocked, the window says so plainly instead of
 * showing a stand-in picture. Leaving the studio removes the embed so nothing streams unseen.
 */
export const issEmbedUrl =
  'https://www.youtube.com/embed/live_stream?channel=UCLA_DiR1FfKNvjuUpBHmylQ&autoplay=1&mute=1&playsinline=1';
export const issProbeUrl = 'https://www.youtube.com/generate_204';
const probeTimeoutMilliseconds = 6000;

export type FeedState = 'idle' | 'connecting' | 'live' | 'unavailable';

export function createIssFeed(feedWindow: HTMLElement, status: HTMLElement, statusLine: HTMLElement | null) {
  let attempt = 0;

  const setState = (state: FeedState, message: string, line: string): void => {
    feedWindow.dataset['state'] = state;
    status.textContent = message;
    if (statusLine) statusLine.textContent = line;
  };

  const clear = (): void => {
    feedWindow.querySelector('iframe')?.remove();
    feedWindow.querySelector('[data-iss-retry]')?.remove();
  };

  const connect = async (): Promise<void> => {
    const current = ++attempt;
    clear();
    setState('connecting', 'Contacting the ISS feed…', 'connecting');
    try {
      await fetch(issProbeUrl, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(probeTimeoutMilliseconds) });
    } catch (error) {
      if (current !== attempt) return;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      setState('unavailable', `ISS feed unavailable: the video host ${reason} (offline or blocked).`, 'unavailable');
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'push-button iss-feed__retry';
      retry.dataset['issRetry'] = '';
      retry.textContent = 'Try again';
      retry.addEventListener('click', () => void connect());
      feedWindow.append(retry);
      return;
    }
    if (current !== attempt) return;
    const frame = document.createElement('iframe');
    frame.title = 'ISS live video feed';
    frame.src = issEmbedUrl;
    frame.allow = 'autoplay; encrypted-media; picture-in-picture';
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    frame.loading = 'lazy';
    frame.addEventListener('load', () => {
      if (current === attempt) setState('live', '', 'live from NASA (if the stream is on air)');
    });
    setState('connecting', 'Loading the ISS feed…', 'loading');
    feedWindow.append(frame);
  };

  return {
    start: () => void connect(),
    stop(): void {
      attempt += 1;
      clear();
      setState('idle', 'Standing by', 'standing by');
    },
  };
}
