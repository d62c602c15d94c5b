/**
 * Real readings for the instrument gauges: Battery Status API, Network Information downlink and
 * Chrome's JS heap figures. Where a browser has no such API the reading says so; nothing here is
 * ever estimated or invented.
 */
export type Reading =
  | { available: true; fraction: number; readout: string; detail: string }
  | { available: false; readout: string; detail: string };

interface BatteryManagerLike extends EventTarget {
  level: number;
  charging: boolean;
}
interface ConnectionLike extends EventTarget {
  downlink?: number;
  rtt?: number;
}
interface HeapLike {
  usedJSHeapSize: number;
  jsHeapSizeLimit: number;
}

export function browserConnection(): ConnectionLike | undefined {
  return (navigator as Navigator & { connection?: ConnectionLike }).connection;
}

const notAvailable = (api: string): Reading => ({
  available: false,
  readout: 'not available',
  detail: `${api} is not available in this browser`,
});

export function batteryReading(battery: BatteryManagerLike | undefined): Reading {
  if (!battery || !Number.isFinite(battery.level)) return notAvailable('navigator.getBattery()');
  const percent = Math.round(battery.level * 100);
  return {
    available: true,
    fraction: battery.level,
    readout: `${percent}%${battery.charging ? ' chg' : ''}`,
    detail: `Battery ${percent}%, ${battery.charging ? 'charging' : 'discharging'} (navigator.getBattery)`,
  };
}

/** Chrome reports downlink in Mbps, rounded to 25 kbps and capped at 10 Mbps. */
export const downlinkScaleMaximum = 10;

export function downlinkReading(connection: ConnectionLike | undefined): Reading {
  const downlink = connection?.downlink;
  if (typeof downlink !== 'number' || !Number.isFinite(downlink)) return notAvailable('navigator.connection.downlink');
  return {
    available: true,
    fraction: Math.min(1, downlink / downlinkScaleMaximum),
    readout: `${downlink.toFixed(1)} Mbps`,
    detail: `Estimated downlink ${downlink} Mbps (navigator.connection.downlink)`,
  };
}

export function memoryReading(heap: HeapLike | undefined): Reading {
  if (!heap || !(heap.jsHeapSizeLimit > 0)) return notAvailable('performance.memory');
  const usedMegabytes = heap.usedJSHeapSize / 1048576;
  return {
    available: true,
    fraction: Math.min(1, heap.usedJSHeapSize / heap.jsHeapSizeLimit),
    readout: `${usedMegabytes.toFixed(1)} MB`,
    detail: `JS heap ${usedMegabytes.toFixed(1)} MB of ${(heap.jsHeapSizeLimit / 1048576).toFixed(0)} MB limit (performance.memory)`,
  };
}

export function currentHeap(): HeapLike | undefined {
  return (performance as Performance & { memory?: HeapLike }).memory;
}

export async function openBattery(): Promise<BatteryManagerLike | undefined> {
  const getBattery = (navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike> }).getBattery;
  if (typeof getBattery !== 'function') return undefined;
  try {
    return await getBattery.call(navigator);
  } catch {
    return undefined;
  }
}
