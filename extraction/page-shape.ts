// How big and how deep a page's element tree is, counted the same way in a browser and under
// linkedom (the CLI). `getElementsByTagName('*').length` is 0 under linkedom, so the element cap
// never applied there; and depth was not bounded at all: Readability walks the tree recursively
// (`_cleanStyles`), so 10,000 nested <div>s overflowed the stack, and its work grows faster than
// the depth (a chain of 3,000 took 33 s under linkedom).

/**
 * Deeper pages are not read. Browsers' HTML parsers stop nesting at 512 (Blink; deeper tags become
 * siblings), so a parsed page is never deeper; only script or a non-browser parser builds more.
 */
export const MAX_PAGE_DEPTH = 512;

export interface PageShape {
  /** elements in the document (counted only up to where the walk stopped, if the depth limit was passed) */
  elements: number;
  /** the deepest element's depth (<html> is 1); the walk stops at the first element past `maxDepth` */
  depth: number;
}

/**
 * Elements and depth of the document's element tree, in one walk by element links (no list is built),
 * stopping at the first element deeper than `maxDepth`.
 */
export function pageShape(doc: Document, maxDepth: number): PageShape {
  const root = doc.documentElement as Element | null;
  let elements = 0;
  let deepest = 0;
  let depth = 1;
  let node: Element | null = root;
  while (node) {
    elements++;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > maxDepth) break;
    }
    const child: Element | null = node.firstElementChild;
    if (child) {
      node = child;
      depth++;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) {
      node = node.parentElement;
      depth--;
    }
    node = node && node !== root ? node.nextElementSibling : null;
  }
  return { elements, depth: deepest };
}
