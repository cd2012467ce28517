/**
 * Tiny DOM helpers for the demo page: find an element by id (typed, failing loudly if
 * the HTML and the script drift apart), build elements, and write status messages.
 * No framework: the page is small enough to read top to bottom.
 */

/** Returns the element with this id, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return element;
}

type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes (strings; `true` for boolean attributes) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's content. */
export function show(target: HTMLElement, ...content: (Child | Child[])[]): void {
  target.replaceChildren(...content.flat().filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
}

/** Shows an error message in a result region. */
export function showError(target: HTMLElement, message: string): void {
  show(target, h('p', { class: 'error' }, message));
}

/** Formats a number with thousands separators and at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Formats a byte count as kB/MB. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'n/a';
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} kB`;
  return `${formatNumber(bytes / (1024 * 1024), 1)} MB`;
}

/**
 * Marks a button busy while its request runs. `aria-disabled`, not `disabled`: a
 * disabled button drops keyboard focus to the page, and the user would have to find
 * their place again. Handlers check {@link isBusy} to ignore repeated presses.
 */
export function setBusy(button: HTMLButtonElement, busy: boolean): void {
  if (busy) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}

/** True while {@link setBusy} marks the button busy. */
export function isBusy(button: HTMLButtonElement): boolean {
  return button.getAttribute('aria-disabled') === 'true';
}
