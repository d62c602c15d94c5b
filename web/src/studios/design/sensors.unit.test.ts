import { batteryReading, downlinkReading, memoryReading } from './sensors';

describe('gauge readings', () => {
  it('say "not available" instead of inventing a value when an API is missing', () => {
    for (const reading of [batteryReading(undefined), downlinkReading(undefined), memoryReading(undefined)]) {
      expect(reading).toMatchObject({ available: false, readout: 'not available' });
    }
    expect(downlinkReading({ downlink: undefined } as unknown as EventTarget).available).toBe(false);
  });

  it('map real values onto the dial', () => {
    const battery = batteryReading(Object.assign(new EventTarget(), { level: 0.42, charging: false }));
    expect(battery).toMatchObject({ available: true, fraction: 0.42, readout: '42%' });
    expect(downlinkReading(Object.assign(new EventTarget(), { downlink: 25 }))).toMatchObject({ fraction: 1, readout: '25.0 Mbps' });
    expect(memoryReading({ usedJSHeapSize: 10 * 1048576, jsHeapSizeLimit: 100 * 1048576 })).toMatchObject({
      fraction: 0.1,
      readout: '10.0 MB',
    });
  });
});
