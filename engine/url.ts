// Which part of a page's address names the page. A fragment is usually a place in the page
// (`#comments`) and does not; on single-page sites a fragment that starts with `#/` or `#!` is a
// route (`https://spa.example/#/story/2`) and names a different article than `#/story/1`.

/** Whether a URL's hash (`#/story/1`, `#!/a`, `#top`, '') is a route of a single-page site. */
export function isRouteFragment(hash: string): boolean {
  return hash.startsWith('#/') || hash.startsWith('#!');
}

/** The URL without a fragment that is not a route (the same page, scrolled elsewhere, is the same address). */
export function pageAddress(href: string): string {
  const at = href.indexOf('#');
  if (at < 0) return href;
  return isRouteFragment(href.slice(at)) ? href : href.slice(0, at);
}
