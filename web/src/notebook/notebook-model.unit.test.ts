import { createNotebook, joinWithPrevious, splitLine, toggleBold, toggleBullet, toggleSize, updateText, type Notebook } from './notebook-model';

function idMaker(): () => string {
  let next = 0;
  return () => `line-${(next += 1)}`;
}

function page(...texts: string[]): { notebook: Notebook; makeId: () => string } {
  const makeId = idMaker();
  let notebook = createNotebook(makeId);
  let id = notebook.lines[0]?.id ?? '';
  texts.forEach((text, index) => {
    notebook = updateText(notebook, id, text);
    if (index < texts.length - 1) {
      const result = splitLine(notebook, id, text.length, makeId);
      notebook = result.notebook;
      id = result.caret.id;
    }
  });
  return { notebook, makeId };
}

describe('the notebook', () => {
  describe('on a new page', () => {
    it('starts with one H1 line', () => {
      expect(createNotebook(idMaker()).lines).toEqual([{ id: 'line-1', text: '', size: 'heading', bold: false, bullet: false }]);
    });

    it('switches to Aa regular after the first paragraph', () => {
      const { notebook } = page('Groceries', 'milk', 'eggs');
      expect(notebook.lines.map((line) => line.size)).toEqual(['heading', 'regular', 'regular']);
    });
  });

  describe('toggling bold, size or bullet on one line', () => {
    const { notebook } = page('Title', 'first', 'second');
    const middle = notebook.lines[1]?.id ?? '';

    it('changes only that line and preserves every other line', () => {
      const bulleted = toggleBullet(notebook, middle);
      expect(bulleted.lines[1]).toMatchObject({ text: 'first', bullet: true });
      expect(bulleted.lines[0]).toEqual(notebook.lines[0]);
      expect(bulleted.lines[2]).toEqual(notebook.lines[2]);
      const bold = toggleBold(bulleted, middle);
      expect(bold.lines[1]).toMatchObject({ bold: true, bullet: true, text: 'first' });
      expect(toggleBullet(bold, middle).lines[1]).toMatchObject({ bold: true, bullet: false, text: 'first' });
    });

    it('can make a regular line H1 and a heading bold', () => {
      expect(toggleSize(notebook, middle).lines[1]?.size).toBe('heading');
      expect(toggleBold(notebook, notebook.lines[0]?.id ?? '').lines[0]).toMatchObject({ size: 'heading', bold: true });
    });
  });

  describe('pressing Enter', () => {
    it('splits the text at the caret', () => {
      const { notebook, makeId } = page('Title', 'hello world');
      const result = splitLine(notebook, notebook.lines[1]?.id ?? '', 5, makeId);
      expect(result.notebook.lines.map((line) => line.text)).toEqual(['Title', 'hello', ' world']);
      expect(result.caret).toEqual({ id: result.notebook.lines[2]?.id, offset: 0 });
    });

    it('continues a bullet list, and ends it on an empty bulleted line', () => {
      const { notebook, makeId } = page('Title', 'item');
      const item = notebook.lines[1]?.id ?? '';
      const continued = splitLine(toggleBullet(notebook, item), item, 4, makeId);
      expect(continued.notebook.lines[2]).toMatchObject({ bullet: true, text: '' });
      const ended = splitLine(continued.notebook, continued.caret.id, 0, makeId);
      expect(ended.notebook.lines).toHaveLength(3);
      expect(ended.notebook.lines[2]?.bullet).toBe(false);
    });
  });

  describe('pressing Backspace at the start of a line', () => {
    it('removes a bullet first, then joins the line to the one above', () => {
      const { notebook } = page('Title', 'one', 'two');
      const last = notebook.lines[2]?.id ?? '';
      const unbulleted = joinWithPrevious(toggleBullet(notebook, last), last);
      expect(unbulleted.notebook.lines).toHaveLength(3);
      const joined = joinWithPrevious(unbulleted.notebook, last);
      expect(joined.notebook.lines.map((line) => line.text)).toEqual(['Title', 'onetwo']);
      expect(joined.caret).toEqual({ id: notebook.lines[1]?.id, offset: 3 });
    });

    it('keeps the first line', () => {
      const { notebook } = page('Title');
      expect(joinWithPrevious(notebook, notebook.lines[0]?.id ?? '').notebook).toBe(notebook);
    });
  });
});
