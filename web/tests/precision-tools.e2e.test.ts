/**
 * Rulers and grid in real Chromium: 18px rulers on the top and left with ticks every 10px
 * (6/8/12px), a zero square, end-pixel labels, a 60px grid on the same origin, device-pixel
 * backing stores, redraws on resize, and extents that line up with element boxes.
 */
import { openCockpit, screenshotPath, startStaticServer, type Cockpit, type StaticServer } from './browser';
import { box, canvasPixel } from './page-probes';

jest.setTimeout(120_000);

type Pixel = [number, number, number, number];
const same = (a: Pixel, b: Pixel): boolean => a.every((channel, index) => Math.abs(channel - (b[index] ?? 0)) <= 3);

/** How many device pixels of a column (top ruler) differ from the ruler background. */
async function tickLength(cockpit: Cockpit, x: number, scale: number): Promise<number> {
  const background = await canvasPixel(cockpit.page, '[data-ruler="top"]', Math.round(5 * scale), Math.round(5 * scale));
  let length = 0;
  for (let y = Math.round(18 * scale) - 1; y >= 0; y -= 1) {
    const pixel = await canvasPixel(cockpit.page, '[data-ruler="top"]', x, y);
    if (same(pixel, background)) break;
    length += 1;
  }
  return length;
}

describe('the precision tools', () => {
  let server: StaticServer;
  let cockpit: Cockpit;

  beforeAll(async () => {
    server = await startStaticServer();
    cockpit = await openCockpit({ server });
  });
  afterAll(async () => {
    await cockpit?.close();
    await server?.close();
  });

  it('shows 18px rulers in the top and left gutters with a zero square at (0, 0)', async () => {
    const { page } = cockpit;
    expect(await box(page, '[data-ruler="top"]')).toMatchObject({ left: 0, top: 0, width: 1920, height: 18 });
    expect(await box(page, '[data-ruler="left"]')).toMatchObject({ left: 0, top: 0, width: 18, height: 944 });
    expect(await box(page, '[data-ruler-zero]')).toMatchObject({ left: 0, top: 0, width: 18, height: 18 });
    expect(await page.$eval('[data-ruler="top"]', (canvas) => [(canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height])).toEqual([1920, 18]);
  });

  it('draws ticks every 10px: 12px at hundreds, 8px at fifties, 6px between', async () => {
    expect(await tickLength(cockpit, 300, 1)).toBe(12);
    expect(await tickLength(cockpit, 250, 1)).toBe(8);
    expect(await tickLength(cockpit, 260, 1)).toBe(6);
    expect(await tickLength(cockpit, 265, 1)).toBe(1); // only the baseline between ticks
  });

  it('labels the end pixel of each axis', async () => {
    expect(await cockpit.page.getAttribute('[data-ruler="top"]', 'data-end-label')).toBe('1920');
    expect(await cockpit.page.getAttribute('[data-ruler="left"]', 'data-end-label')).toBe('944');
  });

  it('marks the box of the hovered region on both rulers, to the pixel', async () => {
    const { page } = cockpit;
    const main = await box(page, '[data-region="main"]');
    // The Viewing Port legend strip belongs to the region itself, not to a card inside it.
    await page.mouse.move(main.left + 40, main.top + 14);
    await page.waitForFunction((left) => document.querySelector('[data-precision-tools]')?.getAttribute('data-extent')?.startsWith(String(left)), main.left);
    await page.waitForTimeout(50);
    const edge = await page.$eval('[data-ruler="top"]', (canvas) => getComputedStyle(canvas).borderTopColor);
    const [red, green, blue] = (edge.match(/\d+/g) ?? []).map(Number);
    const top = (x: number) => canvasPixel(page, '[data-ruler="top"]', x, 2);
    const left = (y: number) => canvasPixel(page, '[data-ruler="left"]', 2, y);
    const isEdge = (pixel: Pixel) => same(pixel, [red ?? 0, green ?? 0, blue ?? 0, 255]);
    expect(isEdge(await top(Math.round(main.left)))).toBe(true);
    expect(isEdge(await top(Math.round(main.right) - 1))).toBe(true);
    expect(isEdge(await top(Math.round(main.left) - 2))).toBe(false);
    expect(isEdge(await left(Math.round(main.top)))).toBe(true);
    expect(isEdge(await left(Math.round(main.bottom) - 1))).toBe(true);
    expect(isEdge(await left(Math.round(main.bottom) + 2))).toBe(false);
    await page.screenshot({ path: screenshotPath('rulers-marking-main-region') });
  });

  it('draws a 60px grid aligned with the rulers when toggled on', async () => {
    const { page } = cockpit;
    expect(await page.isHidden('[data-grid]')).toBe(true);
    await page.click('[data-tool="grid"]');
    await page.waitForSelector('[data-grid]:not([hidden])');
    await page.waitForTimeout(50);
    const alpha = async (x: number, y: number) => (await canvasPixel(page, '[data-grid]', x, y))[3];
    for (const x of [0, 60, 120, 960, 1860]) expect([x, (await alpha(x, 31)) > 0]).toEqual([x, true]);
    for (const x of [59, 61, 90]) expect([x, await alpha(x, 31)]).toEqual([x, 0]);
    for (const y of [60, 480, 900]) expect([y, (await alpha(31, y)) > 0]).toEqual([y, true]);
    // Grid line 60 falls on the ruler's 60px tick: same origin.
    expect(await tickLength(cockpit, 60, 1)).toBe(6);
    await page.screenshot({ path: screenshotPath('grid-and-rulers') });
    expect(await page.getAttribute('[data-tool="grid"]', 'aria-checked')).toBe('true');
  });

  it('redraws rulers and grid when the window is resized', async () => {
    const { page } = cockpit;
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.waitForFunction(() => document.querySelector('[data-ruler="top"]')?.getAttribute('data-end-label') === '1600');
    expect(await page.getAttribute('[data-ruler="left"]', 'data-end-label')).toBe('900');
    expect(await page.$eval('[data-grid]', (canvas) => (canvas as HTMLCanvasElement).width)).toBe(1600);
    await page.setViewportSize({ width: 1920, height: 944 });
  });

  it('hides the rulers and outlines regions from the inspector toggles', async () => {
    const { page } = cockpit;
    await page.click('[data-tool="rulers"]');
    expect(await page.isHidden('[data-ruler="top"]')).toBe(true);
    await page.click('[data-tool="outlines"]');
    expect(await page.$eval('[data-region="main"]', (element) => getComputedStyle(element).outlineStyle)).toBe('dashed');
    await page.click('[data-tool="rulers"]');
    await page.click('[data-tool="outlines"]');
    await page.click('[data-tool="grid"]');
  });
});

describe('the precision tools on a 2× device', () => {
  it('back the rulers with device pixels', async () => {
    const cockpit = await openCockpit({ deviceScaleFactor: 2, viewport: { width: 960, height: 720 } });
    try {
      const size = await cockpit.page.$eval('[data-ruler="top"]', (canvas) => [(canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height]);
      expect(size).toEqual([1920, 36]);
      // The 100px tick sits on device column 200 and is 24 device pixels long.
      expect(await tickLength(cockpit, 200, 2)).toBe(24);
    } finally {
      await cockpit.close();
    }
  });
});
