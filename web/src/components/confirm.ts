/**
 * Confirmation for destructive actions, on the native modal <dialog>: it traps focus, closes on
 * Escape (which counts as "cancel") and returns focus to the opener.
 */
export function confirmAction(dialog: HTMLDialogElement, title: string, message: string, acceptLabel: string): Promise<boolean> {
  const heading = dialog.querySelector('#confirm-title');
  const text = dialog.querySelector('#confirm-message');
  const accept = dialog.querySelector<HTMLButtonElement>('[data-confirm-accept]');
  if (heading) heading.textContent = title;
  if (text) text.textContent = message;
  if (accept) accept.textContent = acceptLabel;
  dialog.returnValue = 'cancel';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}
