/**
 * A key field that does not keep the key in the page: once a value is entered (typed, pasted or
 * auto-filled) it moves into this closure and the field shows a mask. The value leaves memory
 * when the pair is connected or disconnected (`clear`). Backspace or Delete on a masked field
 * clears it for a new entry; pasting over it replaces it.
 */
export interface SecretField {
  value(): string;
  set(value: string): void;
  clear(): void;
  readonly element: HTMLInputElement | HTMLTextAreaElement;
}

export function createSecretField(element: HTMLInputElement | HTMLTextAreaElement, describe: (secret: string) => string): SecretField {
  let secret = '';
  const placeholder = element.placeholder;

  const show = (): void => {
    element.value = secret ? describe(secret) : '';
    element.readOnly = secret !== '';
    if (secret) element.dataset['masked'] = '';
    else delete element.dataset['masked'];
    element.placeholder = placeholder;
  };

  const take = (): void => {
    if ('masked' in element.dataset) return;
    const entered = element.value.trim();
    if (!entered) return;
    secret = entered;
    show();
  };

  const clear = (): void => {
    secret = '';
    show();
  };

  // The union type of the element loses the event map; an HTMLElement keeps it.
  const target: HTMLElement = element;
  target.addEventListener('change', take);
  target.addEventListener('blur', take);
  target.addEventListener('keydown', (event) => {
    if (!('masked' in element.dataset)) return;
    if (event.key === 'Backspace' || event.key === 'Delete') {
      event.preventDefault();
      clear();
    }
  });
  target.addEventListener('paste', (event) => {
    if (!('masked' in element.dataset)) return;
    const pasted = event.clipboardData?.getData('text') ?? '';
    event.preventDefault();
    secret = pasted.trim();
    show();
  });

  return {
    element,
    value: () => {
      take();
      return secret;
    },
    set(value: string) {
      secret = value.trim();
      show();
    },
    clear,
  };
}

/** "8f8289db-…-be716aca6ac9" → "••••••••6ac9": enough to recognise a key id, not to copy it. */
export const maskKeyId = (keyId: string): string => `••••••••${keyId.slice(-4)}`;

/** A PEM body is never shown, only that one is there and how long it is. */
export const maskPrivateKey = (pem: string): string => `•••••• private key, ${pem.length.toLocaleString('en-US')} characters`;
