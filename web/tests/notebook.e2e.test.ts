/**
 * The spiral-notebook to-do app in real Chromium: H1 first line, Aa after the first paragraph,
 * bold / size / bullet toggles that touch only the current line, keyboard shortcuts, and a
 * confirmed "Clear".
 */
import type { Page } from 'playwright-core';
import { openCockpit, screenshotPath, type Cockpit } from './browser';

jest.setTimeout(120_000);

async function lines(page: Page) {
  return page.$$eval('.note-line', (elements) =>
    elements.map((element) => ({
      text: element.textContent,
      size: (element as HTMLElement).dataset['size'],
      bold: (element as HTMLElement).dataset['bold'],
      bullet: (element as HTMLElement).dataset['bullet'],
    })),
  );
}

describe('the to-do notebook', () => {
  let cockpit: Cockpit;

  beforeAll(async () => {
    cockpit = await openCockpit();
  });
  afterAll(async () => cockpit?.close());

  it('writes an H1 title, then switches to Aa after the first paragraph', async () => {
    const { page } = cockpit;
    await page.click('.note-line');
    await page.keyboard.type('Flight checklist');
    await page.keyboard.press('Enter');
    await page.keyboard.type('fuel');
    await page.keyboard.press('Enter');
    await page.keyboard.type('oil');
    expect(await lines(page)).toEqual([
      { text: 'Flight checklist', size: 'heading', bold: 'false', bullet: 'false' },
      { text: 'fuel', size: 'regular', bold: 'false', bullet: 'false' },
      { text: 'oil', size: 'regular', bold: 'false', bullet: 'false' },
    ]);
    expect(await page.getAttribute('[data-notebook-action="size"]', 'aria-pressed')).toBe('false');
    expect(await page.textContent('[data-notebook-size-label]')).toBe('Aa');
  });

  it('bullets one line and preserves every other line', async () => {
    const { page } = cockpit;
    await page.click('.note-line >> nth=1');
    await page.click('[data-notebook-action="bullet"]');
    expect(await lines(page)).toEqual([
      { text: 'Flight checklist', size: 'heading', bold: 'false', bullet: 'false' },
      { text: 'fuel', size: 'regular', bold: 'false', bullet: 'true' },
      { text: 'oil', size: 'regular', bold: 'false', bullet: 'false' },
    ]);
    expect(await page.getAttribute('[data-notebook-action="bullet"]', 'aria-pressed')).toBe('true');
    await page.click('[data-notebook-action="bullet"]');
    expect((await lines(page))[1]).toEqual({ text: 'fuel', size: 'regular', bold: 'false', bullet: 'false' });
    expect((await lines(page))[2]?.text).toBe('oil');
  });

  it('makes H1 and Aa lines bold, one line at a time', async () => {
    const { page } = cockpit;
    await page.click('.note-line >> nth=0');
    await page.click('[data-notebook-action="bold"]');
    await page.click('.note-line >> nth=2');
    await page.keyboard.press('Control+b');
    const current = await lines(page);
    expect(current.map((line) => line.bold)).toEqual(['true', 'false', 'true']);
    expect(current.map((line) => line.size)).toEqual(['heading', 'regular', 'regular']);
    const weights = await page.$$eval('.note-line', (elements) => elements.map((element) => getComputedStyle(element).fontWeight));
    expect(weights).toEqual(['700', '400', '700']);
  });

  it('toggles a line between H1 and Aa, and continues and ends bullet lists with Enter', async () => {
    const { page } = cockpit;
    await page.click('.note-line >> nth=1');
    await page.click('[data-notebook-action="size"]');
    expect((await lines(page))[1]?.size).toBe('heading');
    await page.click('[data-notebook-action="size"]');
    await page.click('.note-line >> nth=2');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+8');
    await page.keyboard.press('Enter');
    await page.keyboard.type('hydraulics');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const current = await lines(page);
    expect(current.slice(2)).toEqual([
      { text: 'oil', size: 'regular', bold: 'true', bullet: 'true' },
      { text: 'hydraulics', size: 'regular', bold: 'true', bullet: 'true' },
      { text: '', size: 'regular', bold: 'true', bullet: 'false' },
    ]);
    await page.screenshot({ path: screenshotPath('notebook'), clip: { x: 1580, y: 130, width: 340, height: 620 } });
  });

  it('keeps the notes across a reload', async () => {
    const { page } = cockpit;
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect((await lines(page)).map((line) => line.text)).toEqual(['Flight checklist', 'fuel', 'oil', 'hydraulics', '']);
  });

  it('asks before tearing off the page', async () => {
    const { page } = cockpit;
    await page.click('[data-notebook-action="clear"]');
    await page.waitForSelector('#confirm-dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#confirm-dialog:not([open])', { state: 'attached' });
    expect(await lines(page)).toHaveLength(5);
    await page.click('[data-notebook-action="clear"]');
    await page.click('[data-confirm-accept]');
    await page.waitForFunction(() => document.querySelectorAll('.note-line').length === 1);
    expect(await lines(page)).toEqual([{ text: '', size: 'heading', bold: 'false', bullet: 'false' }]);
  });
});
