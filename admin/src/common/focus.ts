/**
 * Where keyboard focus goes after an action, so it never drops to the page's start (WCAG 2.4.3):
 * once the dialog or in-place form that acted has closed, and MUI has put focus back where it
 * could (a button that has gone or is disabled while the record reloads cannot take it), focus
 * moves to the element with this id, which says what changed (the claim's status, the
 * evidence column, the disputes).
 */
export function focusAfterClose(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** Escape cancels an in-place form, as it closes a dialog. */
export const cancelOnEscape = (cancel: () => void) => (e: React.KeyboardEvent) => {
  if (e.key === 'Escape' && !e.defaultPrevented) {
    e.stopPropagation();
    cancel();
  }
};
