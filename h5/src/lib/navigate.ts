/**
 * Full-page navigation (leaving the SPA, e.g. into OAuth). A module of its own so tests can
 * replace it: jsdom cannot navigate.
 */
export function navigateTo(url: string): void {
  window.location.href = url
}
