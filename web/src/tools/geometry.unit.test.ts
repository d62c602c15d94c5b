import { deviceScale, gridLines, rulerTicks, toDevicePixel } from './geometry';

describe('ruler and grid geometry', () => {
  it('puts a tick every 10px: 12px at hundreds, 8px at fifties, 6px elsewhere', () => {
    const ticks = rulerTicks(200);
    expect(ticks).toHaveLength(21);
    expect(ticks.slice(0, 6).map((tick) => tick.length)).toEqual([12, 6, 6, 6, 6, 8]);
    expect(ticks.find((tick) => tick.position === 100)).toEqual({ position: 100, length: 12, label: '100' });
    expect(ticks[0]?.label).toBeUndefined();
  });

  it('draws grid lines every 60px from the ruler origin', () => {
    expect(gridLines(200)).toEqual([0, 60, 120, 180]);
  });

  it('aligns to device pixels including pinch zoom', () => {
    expect(deviceScale(2, 1.5)).toBe(3);
    expect(deviceScale(1, undefined)).toBe(1);
    expect(toDevicePixel(18, 1.25)).toBe(23);
  });
});
