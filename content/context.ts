// The content script's context, in place of WXT's ContentScriptContext (wxt.config.ts aliases
// `wxt/utils/content-script-context` to this file, so WXT's content-script entry constructs this).
//
// Why not WXT's: its constructor posts `<extension id>:content:wxt:content-script-started` to
// the page (window.postMessage, and a CustomEvent on document), telling every http(s) page the
// extension's id, and it invalidates itself when the page dispatches that event back: any page
// could switch Sidelight off. Its `wxt:locationchange` is an event on window that the page can
// dispatch too (thousands of forged ones queued thousands of extractions). This context talks to
// the page not at all: it is invalid only when the extension is gone (reloaded, updated, removed),
// which the page cannot fake. URL changes are watched in content/setup.ts.
import { browser } from 'wxt/browser';

/** What content/setup.ts uses of the context. */
export interface ContentContext {
  readonly signal: AbortSignal;
  readonly isValid: boolean;
  onInvalidated(callback: () => void): () => void;
}

export class ContentScriptContext implements ContentContext {
  private readonly controller = new AbortController();

  // the signature of WXT's, which its entry calls: new ContentScriptContext(name, options)
  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** false once the extension is gone (its runtime id is then undefined); the page cannot cause it */
  get isValid(): boolean {
    if (browser.runtime?.id == null) this.notifyInvalidated();
    return !this.signal.aborted;
  }

  get isInvalid(): boolean {
    return !this.isValid;
  }

  onInvalidated(callback: () => void): () => void {
    this.signal.addEventListener('abort', callback);
    return () => this.signal.removeEventListener('abort', callback);
  }

  notifyInvalidated(): void {
    if (!this.signal.aborted) this.controller.abort('Content script context invalidated');
  }

  /** WXT's page-event features are not offered: fail loudly rather than listen to the page. */
  addEventListener(): never {
    throw new Error('Sidelight content script: ctx.addEventListener is not available (see content/context.ts)');
  }
}
