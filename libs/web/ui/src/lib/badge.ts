/**
 * Status badges (styles .ky-badge--<tone> live in the app's global stylesheet, because AG Grid
 * renders its cells outside any component's style scope).
 */
export type BadgeTone = 'neutral' | 'info' | 'ok' | 'warn' | 'error';

export function badgeClass(tone: BadgeTone): string {
  return `ky-badge ky-badge--${tone}`;
}

/** A badge element for an AG Grid cellRenderer. */
export function badgeCell(label: string, tone: BadgeTone): HTMLElement {
  const span = document.createElement('span');
  span.className = badgeClass(tone);
  span.textContent = label;
  return span;
}
