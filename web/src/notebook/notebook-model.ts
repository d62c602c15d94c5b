/**
 * The to-do notebook as data: a list of lines, each with its own size (H1 heading or Aa regular),
 * weight and bullet. Pure functions; the view applies their results.
 *
 * Rules (PRD chapter 1, Right Sidebar):
 * - A new page starts with one H1 line; the line after the first paragraph switches to Aa regular.
 *   Later new lines keep the size, weight and bullet of the line they were split from.
 * - Bold, size and bullet toggles change only the line they are applied to; every other line and
 *   its text is preserved.
 * - Enter on an empty bulleted line ends the list (removes the bullet) instead of adding a line.
 */
export type LineSize = 'heading' | 'regular';

export interface NoteLine {
  id: string;
  text: string;
  size: LineSize;
  bold: boolean;
  bullet: boolean;
}

export interface Notebook {
  lines: NoteLine[];
}

export interface Caret {
  id: string;
  offset: number;
}

export type MakeId = () => string;

export function createNotebook(makeId: MakeId): Notebook {
  return { lines: [{ id: makeId(), text: '', size: 'heading', bold: false, bullet: false }] };
}

function replaceLine(notebook: Notebook, id: string, change: (line: NoteLine) => NoteLine): Notebook {
  return { lines: notebook.lines.map((line) => (line.id === id ? change(line) : line)) };
}

export function updateText(notebook: Notebook, id: string, text: string): Notebook {
  return replaceLine(notebook, id, (line) => ({ ...line, text }));
}

export function toggleBold(notebook: Notebook, id: string): Notebook {
  return replaceLine(notebook, id, (line) => ({ ...line, bold: !line.bold }));
}

export function toggleSize(notebook: Notebook, id: string): Notebook {
  return replaceLine(notebook, id, (line) => ({ ...line, size: line.size === 'heading' ? 'regular' : 'heading' }));
}

export function toggleBullet(notebook: Notebook, id: string): Notebook {
  return replaceLine(notebook, id, (line) => ({ ...line, bullet: !line.bullet }));
}

/** Enter at `offset`: the text after the caret moves to a new line below. */
export function splitLine(notebook: Notebook, id: string, offset: number, makeId: MakeId): { notebook: Notebook; caret: Caret } {
  const index = notebook.lines.findIndex((line) => line.id === id);
  const line = notebook.lines[index];
  if (!line) return { notebook, caret: { id, offset } };
  if (line.bullet && line.text === '') {
    return { notebook: toggleBullet(notebook, id), caret: { id, offset: 0 } };
  }
  const afterFirstParagraph = index === 0;
  const next: NoteLine = {
    id: makeId(),
    text: line.text.slice(offset),
    size: afterFirstParagraph ? 'regular' : line.size,
    bold: afterFirstParagraph ? false : line.bold,
    bullet: afterFirstParagraph ? false : line.bullet,
  };
  const lines = [...notebook.lines];
  lines.splice(index, 1, { ...line, text: line.text.slice(0, offset) }, next);
  return { notebook: { lines }, caret: { id: next.id, offset: 0 } };
}

/**
 * Backspace at the start of a line: first removes its bullet; otherwise joins it to the line
 * above (the first line has nothing above and stays).
 */
export function joinWithPrevious(notebook: Notebook, id: string): { notebook: Notebook; caret: Caret } {
  const index = notebook.lines.findIndex((line) => line.id === id);
  const line = notebook.lines[index];
  if (!line) return { notebook, caret: { id, offset: 0 } };
  if (line.bullet) return { notebook: toggleBullet(notebook, id), caret: { id, offset: 0 } };
  const previous = notebook.lines[index - 1];
  if (!previous) return { notebook, caret: { id, offset: 0 } };
  const lines = notebook.lines.filter((candidate) => candidate.id !== id);
  lines[index - 1] = { ...previous, text: previous.text + line.text };
  return { notebook: { lines }, caret: { id: previous.id, offset: previous.text.length } };
}
