/**
 * The spiral-notebook to-do app in the Inspector Panel. Each line is its own plain-text editable
 * element, so a line's formatting is simply that line's data. Notes stay on this machine
 * (localStorage) and survive reloads; "Clear" tears off the page after a confirmation.
 */
import * as z from 'zod/mini';
import { confirmAction } from '../components/confirm';
import {
  createNotebook,
  joinWithPrevious,
  splitLine,
  toggleBold,
  toggleBullet,
  toggleSize,
  updateText,
  type Caret,
  type Notebook,
} from './notebook-model';

export const notebookStorageKey = 'polly.notebook.v1';

const NotebookSchema = z.object({
  lines: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      size: z.enum(['heading', 'regular']),
      bold: z.boolean(),
      bullet: z.boolean(),
    }),
  ),
});

const makeId = (): string => `line-${Math.random().toString(36).slice(2, 10)}`;

function loadNotebook(): Notebook {
  try {
    const parsed = NotebookSchema.safeParse(JSON.parse(localStorage.getItem(notebookStorageKey) ?? 'null'));
    if (parsed.success && parsed.data.lines.length > 0) return parsed.data;
  } catch {
    // Unreadable notes start a fresh page rather than break the panel.
  }
  return createNotebook(makeId);
}

function caretOffset(element: HTMLElement): number {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || !element.contains(selection.anchorNode)) return element.textContent?.length ?? 0;
  const range = selection.getRangeAt(0).cloneRange();
  range.selectNodeContents(element);
  range.setEnd(selection.getRangeAt(0).startContainer, selection.getRangeAt(0).startOffset);
  return range.toString().length;
}

function placeCaret(element: HTMLElement, offset: number): void {
  element.focus();
  const selection = window.getSelection();
  const text = element.firstChild;
  const range = document.createRange();
  if (text) range.setStart(text, Math.min(offset, text.textContent?.length ?? 0));
  else range.setStart(element, 0);
  range.collapse(true);
  selection?.removeAllRanges();
  selection?.addRange(range);
}

export function createNotebookApp(page: HTMLElement, toolbar: HTMLElement, dialog: HTMLDialogElement | null) {
  let notebook = loadNotebook();
  let currentId = notebook.lines[0]?.id ?? '';
  const status = toolbar.querySelector<HTMLElement>('[data-notebook-status]');

  const save = (): void => {
    try {
      localStorage.setItem(notebookStorageKey, JSON.stringify(notebook));
    } catch {
      if (status) status.textContent = 'Not saved: storage unavailable';
    }
  };

  const renderToolbar = (): void => {
    const line = notebook.lines.find((candidate) => candidate.id === currentId) ?? notebook.lines[0];
    if (!line) return;
    toolbar.querySelector('[data-notebook-action="bold"]')?.setAttribute('aria-pressed', String(line.bold));
    toolbar.querySelector('[data-notebook-action="size"]')?.setAttribute('aria-pressed', String(line.size === 'heading'));
    toolbar.querySelector('[data-notebook-action="bullet"]')?.setAttribute('aria-pressed', String(line.bullet));
    const sizeLabel = toolbar.querySelector('[data-notebook-size-label]');
    if (sizeLabel) sizeLabel.textContent = line.size === 'heading' ? 'H1' : 'Aa';
  };

  const lineElement = (id: string): HTMLElement | null => page.querySelector<HTMLElement>(`[data-line-id="${id}"]`);

  const render = (caret?: Caret): void => {
    page.replaceChildren(
      ...notebook.lines.map((line, index) => {
        const element = document.createElement('div');
        element.className = 'note-line';
        element.contentEditable = 'plaintext-only';
        element.setAttribute('role', 'textbox');
        element.setAttribute('aria-label', `Note line ${index + 1}${line.size === 'heading' ? ', heading' : ''}${line.bullet ? ', bullet' : ''}`);
        element.dataset['lineId'] = line.id;
        element.dataset['size'] = line.size;
        element.dataset['bold'] = String(line.bold);
        element.dataset['bullet'] = String(line.bullet);
        if (index === 0 && line.text === '' && notebook.lines.length === 1) element.dataset['placeholder'] = 'Title…';
        element.textContent = line.text;
        return element;
      }),
    );
    if (caret) {
      currentId = caret.id;
      const target = lineElement(caret.id);
      if (target) placeCaret(target, caret.offset);
    }
    renderToolbar();
  };

  const apply = (next: Notebook, caret?: Caret): void => {
    notebook = next;
    save();
    render(caret);
  };

  const applyToCurrent = (change: (notebook: Notebook, id: string) => Notebook): void => {
    const element = lineElement(currentId);
    const offset = element ? caretOffset(element) : 0;
    apply(change(notebook, currentId), { id: currentId, offset });
  };

  page.addEventListener('focusin', (event) => {
    const id = (event.target as HTMLElement).dataset['lineId'];
    if (id) {
      currentId = id;
      renderToolbar();
    }
  });
  page.addEventListener('input', (event) => {
    const element = event.target as HTMLElement;
    const id = element.dataset['lineId'];
    if (!id) return;
    notebook = updateText(notebook, id, element.textContent ?? '');
    delete element.dataset['placeholder'];
    save();
  });
  page.addEventListener('keydown', (event) => {
    const element = event.target as HTMLElement;
    const id = element.dataset['lineId'];
    if (!id) return;
    const offset = caretOffset(element);
    const index = notebook.lines.findIndex((line) => line.id === id);
    const shortcut = event.ctrlKey || event.metaKey;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      const result = splitLine(notebook, id, offset, makeId);
      apply(result.notebook, result.caret);
    } else if (event.key === 'Backspace' && offset === 0 && window.getSelection()?.isCollapsed !== false) {
      event.preventDefault();
      const result = joinWithPrevious(notebook, id);
      apply(result.notebook, result.caret);
    } else if (event.key === 'ArrowUp' && index > 0 && offset === 0) {
      event.preventDefault();
      const previous = notebook.lines[index - 1];
      if (previous) placeCaret(lineElement(previous.id) as HTMLElement, previous.text.length);
    } else if (event.key === 'ArrowDown' && offset === (element.textContent ?? '').length) {
      const next = notebook.lines[index + 1];
      if (next) {
        event.preventDefault();
        placeCaret(lineElement(next.id) as HTMLElement, 0);
      }
    } else if (shortcut && event.key.toLowerCase() === 'b') {
      event.preventDefault();
      applyToCurrent(toggleBold);
    } else if (shortcut && event.altKey && event.key === '1') {
      event.preventDefault();
      applyToCurrent(toggleSize);
    } else if (shortcut && event.shiftKey && (event.key === '8' || event.key === '*')) {
      event.preventDefault();
      applyToCurrent(toggleBullet);
    }
  });

  const actions: Record<string, (notebook: Notebook, id: string) => Notebook> = {
    bold: toggleBold,
    size: toggleSize,
    bullet: toggleBullet,
  };
  for (const button of toolbar.querySelectorAll<HTMLElement>('[data-notebook-action]')) {
    const action = button.dataset['notebookAction'] ?? '';
    // Keep the caret in the page when a toolbar key is clicked with the mouse.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', async () => {
      const change = actions[action];
      if (change) {
        applyToCurrent(change);
        return;
      }
      if (action === 'clear' && dialog) {
        const confirmed = await confirmAction(dialog, 'Tear off this page?', 'Every line on the notebook page will be deleted. This cannot be undone.', 'Tear off');
        if (!confirmed) return;
        const fresh = createNotebook(makeId);
        apply(fresh, { id: fresh.lines[0]?.id ?? '', offset: 0 });
        if (status) status.textContent = 'Page cleared';
        window.setTimeout(() => {
          if (status) status.textContent = '';
        }, 2000);
      }
    });
  }

  render();
}
