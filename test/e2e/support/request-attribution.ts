// The verdict of the "nothing leaves the device" test (test/e2e/no-network.test.ts), as one pure
// function of what the recorders saw (support/network-recorder.ts). The real scenario and the
// planted violations go through this same function, so a planted request that it names proves the
// real check would fail on that request.
//
// Each recorded request (or attempt refused by a Content Security Policy) names the context that
// made it. The extension's contexts are:
// - its service worker: a worker whose script is chrome-extension://<id>/…;
// - its pages (sidebar, options, the side panel, any worker they start): documents at
//   chrome-extension://<id>/…;
// - its content script: it runs inside the web pages the test opens, which are local test sites
//   on 127.0.0.1 that request nothing off loopback; so a request from a web page to anything but
//   loopback is the content script's (the recorders cannot tell the page's main world from the
//   content script's isolated world, and need not, since the pages make no such request).
// None of them may request anything but the extension's own files (and, in a web page, the local
// test site). The browser's own contexts (chrome://, devtools://, other component extensions) and
// requests no context made (the browser process's background services) are not the extension's:
// they are reported, and checked for leaks of what the reader read, but are not violations. No host
// is allowed or expected by name, so the verdict does not depend on which services a Chromium
// version calls.

/** Who made a request, as the recorder saw it. */
export interface RequestSource {
  /** 'service_worker', 'page', 'iframe', 'worker', 'shared_worker', …, or 'frame' (Playwright) */
  type: string;
  /** the URL of the worker's script or of the document; '' when the recorder could not tell */
  url: string;
}

export interface RecordedRequest {
  url: string;
  by: RequestSource;
  via: 'playwright' | 'cdp-network' | 'cdp-csp';
  /** why it never left the browser (`csp`, or the network error), when the recorder knows */
  blocked?: string;
}

/** A request the recording proxy saw: the browser's only route to anything but loopback. */
export interface ProxiedRequest {
  /** GET, POST, CONNECT (TLS: only the host is seen), UPGRADE (WebSocket) */
  method: string;
  /** `http://host/path?query` or `host:443` */
  target: string;
  host: string;
  /** the body of a plain-HTTP request (first 4,000 characters) */
  body: string;
}

export type ExtensionContext = 'service worker' | 'extension page' | 'content script';

export interface Violation {
  context: ExtensionContext;
  url: string;
  /** the worker or document that asked */
  where: string;
  via: RecordedRequest['via'];
  blocked?: string;
}

export interface NetworkVerdict {
  /** requests (or refused attempts) by an extension context to anything but its own files: must be empty */
  violations: Violation[];
  /** requests by the extension's contexts, all its own files (for the report) */
  byExtension: RecordedRequest[];
  /** proxied requests no recorded context made: the browser's own background traffic */
  browserLevel: ProxiedRequest[];
  /** proxied requests whose readable part (plain-HTTP URL and body) carries one of the markers: must be empty */
  leaks: ProxiedRequest[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** Which extension context a source is, or null when it is not one of the extension's. */
export function contextOf(by: RequestSource, extensionId: string): ExtensionContext | null {
  const extension = `chrome-extension://${extensionId}/`;
  if (by.url.startsWith(extension)) return by.type === 'service_worker' ? 'service worker' : 'extension page';
  // a web page: the content script runs in it (Playwright reports a frame gone before the request
  // as '', counted here too rather than dropped)
  if (by.url === '' || /^(https?:|about:|data:|blob:https?:)/.test(by.url)) return 'content script';
  // chrome://, devtools://, chrome-untrusted://, another (component) extension: the browser's own
  return null;
}

/**
 * Everything the recorders saw → the violations, by extension context. `leakMarkers`: strings
 * that must never appear in what the proxy can read (the extension's id, the test pages' hosts
 * and texts).
 */
export function judgeNetwork(input: {
  extensionId: string;
  recorded: readonly RecordedRequest[];
  proxied: readonly ProxiedRequest[];
  leakMarkers: readonly string[];
  /** origins the extension's own contexts may also reach (a team build's server), exactly */
  allowedOrigins?: readonly string[];
}): NetworkVerdict {
  const { extensionId, recorded, proxied, leakMarkers } = input;
  const extension = `chrome-extension://${extensionId}/`;
  const allowedOrigins = new Set(input.allowedOrigins ?? []);
  const originOf = (url: string) => {
    try {
      return new URL(url).origin;
    } catch {
      return null;
    }
  };
  const ownFile = (url: string) => url.startsWith(extension) || url.startsWith(`blob:${extension}`) || url.startsWith('data:');
  const allowed = (url: string) => ownFile(url) || allowedOrigins.has(originOf(url) ?? '');
  const violations: Violation[] = [];
  const byExtension: RecordedRequest[] = [];
  for (const r of recorded) {
    const context = contextOf(r.by, extensionId);
    if (context === null) continue;
    const ok =
      context === 'content script'
        ? // in a web page: the local test site, its blobs, inline data, and the extension's own files
          allowed(r.url) || r.url.startsWith('blob:') || r.url.startsWith('about:') || LOOPBACK_HOSTS.has(hostOf(r.url) ?? '')
        : allowed(r.url);
    if (!ok) violations.push({ context, url: r.url, where: r.by.url, via: r.via, ...(r.blocked ? { blocked: r.blocked } : {}) });
    else if (context !== 'content script') byExtension.push(r);
  }
  // the proxy cannot say who asked; a host an extension context (or a web page) requested is
  // theirs, and judged above; any other host is the browser's own traffic
  const recordedHosts = new Set(recorded.filter((r) => contextOf(r.by, extensionId) !== null).map((r) => hostOf(r.url)));
  const browserLevel = proxied.filter((p) => !recordedHosts.has(p.host));
  const leaks = proxied.filter((p) => leakMarkers.some((m) => `${p.target} ${p.body}`.includes(m)));
  return { violations, byExtension, browserLevel, leaks };
}

export const describeViolation = (v: Violation) => `${v.context} (${v.where || 'a frame already gone'}) → ${v.url} [${v.via}${v.blocked ? `, ${v.blocked}` : ''}]`;
