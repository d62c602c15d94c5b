/**
 * The cockpit shell in real Chromium at 1920×944: region sizes and gutters, scroll rules,
 * landmarks and headings, keyboard access, first-visit mode, 200% zoom and network hygiene.
 */
import { openCockpit, screenshotPath, startStaticServer, type Cockpit, type StaticServer } from './browser';
import { box, type Box } from './page-probes';

jest.setTimeout(120_000);

const width = 1920;
const height = 944;
const gutter = 18;

function near(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

describe('the cockpit layout at 1920×944', () => {
  let server: StaticServer;
  let cockpit: Cockpit;
  const regions: Record<string, Box> = {};

  beforeAll(async () => {
    server = await startStaticServer();
    cockpit = await openCockpit({ server });
    for (const name of ['header', 'nav', 'left-sidebar', 'main', 'right-sidebar', 'bottom', 'action']) {
      regions[name] = await box(cockpit.page, `[data-region="${name}"]`);
    }
    await cockpit.page.screenshot({ path: screenshotPath('layout-default') });
  });

  afterAll(async () => {
    await cockpit?.close();
    await server?.close();
  });

  const region = (name: string): Box => regions[name] as Box;

  it('sizes every region as the PRD says', () => {
    near(region('header').height, height / 12, height / 12 * 0.1);
    near(region('nav').height, height / 24, height / 24 * 0.1);
    near(region('left-sidebar').width, width / 6, 2);
    near(region('right-sidebar').width, width / 6, 2);
    near(region('bottom').height, height / 6, height / 6 * 0.1);
    near(region('action').height, height / 6, height / 6 * 0.1);
    // Bottom ≈ 4/6 of the width (the row must also fit the Action Bar): within 10%.
    near(region('bottom').width, (width * 4) / 6, (width * 4) / 6 * 0.1);
    near(region('action').width, region('bottom').width / 3, 2);
  });

  it('keeps an 18px gutter on every side of every region', () => {
    const header = region('header');
    const nav = region('nav');
    const left = region('left-sidebar');
    const right = region('right-sidebar');
    const main = region('main');
    const bottom = region('bottom');
    const action = region('action');
    const gaps = {
      'page to header (top)': header.top,
      'page to header (left)': header.left,
      'header to page (right)': width - header.right,
      'header to left sidebar': left.top - header.bottom,
      'header to nav': nav.top - header.bottom,
      'header to right sidebar': right.top - header.bottom,
      'left sidebar to nav': nav.left - left.right,
      'left sidebar to main': main.left - left.right,
      'nav to main': main.top - nav.bottom,
      'main to right sidebar': right.left - main.right,
      'nav to right sidebar': right.left - nav.right,
      'page to left sidebar': left.left,
      'right sidebar to page': width - right.right,
      'main to bottom bar': bottom.top - main.bottom,
      'left sidebar to bottom bar': bottom.top - left.bottom,
      'right sidebar to action bar': action.top - right.bottom,
      'bottom bar to action bar': action.left - bottom.right,
      'page to bottom bar (left)': bottom.left,
      'bottom bar to page (bottom)': height - bottom.bottom,
      'action bar to page (right)': width - action.right,
      'action bar to page (bottom)': height - action.bottom,
    };
    for (const [name, gap] of Object.entries(gaps)) expect([name, Math.round(gap * 100) / 100]).toEqual([name, gutter]);
  });

  it('draws each region as a 12px-radius bezel around a face inset by 6px with a 6px radius', async () => {
    const styles = await cockpit.page.$$eval('[data-region]', (elements) =>
      elements.map((element) => {
        const face = element.firstElementChild as HTMLElement;
        const outer = element.getBoundingClientRect();
        const inner = face.getBoundingClientRect();
        return {
          outerRadius: getComputedStyle(element).borderTopLeftRadius,
          innerRadius: getComputedStyle(face).borderTopLeftRadius,
          inset: [inner.left - outer.left, inner.top - outer.top, outer.right - inner.right, outer.bottom - inner.bottom],
        };
      }),
    );
    expect(styles).toHaveLength(7);
    for (const style of styles) expect(style).toEqual({ outerRadius: '12px', innerRadius: '6px', inset: [6, 6, 6, 6] });
  });

  it('follows the scroll rules: fixed header and nav, vertical side bars, horizontal bottom bar', async () => {
    const overflow = await cockpit.page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector) as Element);
      return {
        header: style('[data-region="header"] > .face').overflow,
        nav: style('[data-region="nav"] > .face').overflow,
        left: [style('[data-region="left-sidebar"] > .face').overflowX, style('[data-region="left-sidebar"] > .face').overflowY],
        right: [style('[data-region="right-sidebar"] > .face').overflowX, style('[data-region="right-sidebar"] > .face').overflowY],
        bottom: [style('[data-hangar-deck]').overflowX, style('[data-hangar-deck]').overflowY],
        action: style('[data-region="action"] > .face').overflow,
        document: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      };
    });
    expect(overflow).toEqual({
      header: 'hidden',
      nav: 'hidden',
      left: ['hidden', 'auto'],
      right: ['hidden', 'auto'],
      bottom: ['auto', 'hidden'],
      action: 'hidden',
      document: [width, height],
    });
  });

  it('fits the Design Studio in the main region without overflow', async () => {
    const overflowing = await cockpit.page.evaluate(() => {
      const offenders: string[] = [];
      const check = (element: Element, name: string): void => {
        if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
          offenders.push(`${name} ${element.scrollWidth}x${element.scrollHeight} > ${element.clientWidth}x${element.clientHeight}`);
        }
      };
      check(document.querySelector('[data-region="main"] > .face') as Element, 'main face');
      check(document.querySelector('[data-studio-stage]') as Element, 'studio stage');
      for (const face of document.querySelectorAll('[data-studio-panel="design"] .card__face')) {
        check(face, (face.parentElement as HTMLElement).dataset['card'] ?? 'card');
      }
      const stage = (document.querySelector('[data-studio-stage]') as Element).getBoundingClientRect();
      for (const card of document.querySelectorAll('[data-studio-panel="design"] [data-card]')) {
        const rect = card.getBoundingClientRect();
        if (rect.right > stage.right + 0.5 || rect.bottom > stage.bottom + 0.5 || rect.left < stage.left - 0.5) {
          offenders.push(`${(card as HTMLElement).dataset['card']} outside the stage`);
        }
      }
      return offenders;
    });
    expect(overflowing).toEqual([]);
  });

  it('has the landmarks and a heading order without skipped levels', async () => {
    const structure = await cockpit.page.evaluate(() => ({
      banner: document.querySelectorAll('body header, [role="banner"]').length,
      navigation: document.querySelectorAll('nav').length,
      main: document.querySelectorAll('main').length,
      complementary: [...document.querySelectorAll('aside')].map((aside) => aside.getAttribute('aria-labelledby')),
      headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .filter((heading) => !heading.closest('[hidden], dialog'))
        .map((heading) => Number(heading.tagName[1])),
    }));
    expect(structure.banner).toBe(1);
    expect(structure.navigation).toBe(1);
    expect(structure.main).toBe(1);
    expect(structure.complementary).toEqual(['system-design-heading', 'inspector-heading']);
    expect(structure.headings[0]).toBe(1);
    expect(structure.headings.filter((level) => level === 1)).toHaveLength(1);
    structure.headings.forEach((level, index) => {
      if (index > 0) expect(level - (structure.headings[index - 1] ?? 1)).toBeLessThanOrEqual(1);
    });
  });

  it('labels every control', async () => {
    const unlabelled = await cockpit.page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, [role="slider"], [role="switch"], [role="radio"], [contenteditable]')]
        .filter((element) => !element.closest('[hidden]'))
        .filter((element) => {
          const labelledBy = element.getAttribute('aria-labelledby');
          const text = (element as HTMLElement).innerText?.trim();
          const label = element.closest('label') ?? (element.id ? document.querySelector(`label[for="${element.id}"]`) : null);
          return !(element.getAttribute('aria-label') || (labelledBy && document.getElementById(labelledBy)) || text || label);
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
  });

  it('offers a skip link that moves focus to the Viewing Port', async () => {
    const { page } = cockpit;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.waitForFunction(() => (document.querySelector('.skip-link') as Element).getBoundingClientRect().top >= 0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('viewing-port');
  });

  it('shows a visible focus ring on keyboard focus', async () => {
    const { page } = cockpit;
    await page.focus('[data-mode-choice="light"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    const outline = await page.$eval(':focus', (element) => getComputedStyle(element).outlineStyle + ' ' + getComputedStyle(element).outlineWidth);
    expect(outline).toBe('solid 2px');
  });

  it('makes no request outside 127.0.0.1 in the Design Studio', () => {
    expect(cockpit.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:'))).toEqual([]);
    expect(cockpit.problems).toEqual([]);
  });
});

describe('the cockpit on a first visit with a dark colour-scheme preference', () => {
  it('starts in dark mode', async () => {
    const cockpit = await openCockpit({ colorScheme: 'dark' });
    try {
      expect(await cockpit.page.getAttribute('html', 'data-mode')).toBe('dark');
      expect(await cockpit.page.getAttribute('[data-control="night-vision"]', 'aria-checked')).toBe('true');
    } finally {
      await cockpit.close();
    }
  });
});

describe('the cockpit at 200% browser zoom', () => {
  it('stacks the regions so everything stays visible and reachable without sideways scrolling', async () => {
    const cockpit = await openCockpit({ viewport: { width: width / 2, height: height / 2 }, deviceScaleFactor: 2 });
    try {
      const { page } = cockpit;
      const result = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        regions: [...document.querySelectorAll('[data-region]')].map((element) => {
          const rect = element.getBoundingClientRect();
          return rect.width > 0 && rect.height > 0 && rect.right <= window.innerWidth + 0.5;
        }),
        hiddenControls: [...document.querySelectorAll('[data-studio-panel="design"] button, [data-region] button:not([hidden] *)')]
          .filter((element) => !element.closest('[hidden]'))
          .filter((element) => element.getBoundingClientRect().width === 0).length,
      }));
      expect(result.scrollWidth).toBeLessThanOrEqual(result.clientWidth);
      expect(result.regions).toEqual([true, true, true, true, true, true, true]);
      expect(result.hiddenControls).toBe(0);
      await page.screenshot({ path: screenshotPath('zoom-200-percent'), fullPage: true });
    } finally {
      await cockpit.close();
    }
  });
});
