// A local news site for the end-to-end tests: node:http on 127.0.0.1, a random free port, the pages
// of seed-page.ts. Nothing here reaches the internet. Any browser's test can use it:
//
//   const site = await startSeedServer();
//   await page.goto(site.articleUrl('000'));
//   ...
//   await site.close();
//
// Routes:  /news/<seed id>  article page          /spa/<seed id>  single-page app showing a seed
//          /abridged/<seed id>  the article page without its first quarter (a text no corpus holds)
//          /api/articles/<seed id>.json  the app's data       /search?q=…  and /  a search page
//          /static/photo.svg  the photo                    anything else: 404
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEEDS_DIR } from './paths.ts';
import {
  PAGE_PATHS,
  PHOTO_SVG,
  abridgedSeed,
  newsArticlePage,
  readAllSeeds,
  searchResultsPage,
  singlePageAppPage,
  spaArticleData,
  type SeedArticle,
} from './seed-page.ts';

export interface SeedServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  seeds: SeedArticle[];
  /** a seed by its prefix ('000') or full id */
  seed(keyOrId: string): SeedArticle;
  articleUrl(keyOrId: string): string;
  abridgedUrl(keyOrId: string): string;
  spaUrl(keyOrId: string): string;
  searchUrl(query?: string): string;
  /** every request the server answered, as `METHOD /path` */
  requests: string[];
  close(): Promise<void>;
}

export interface SeedServerOptions {
  seedsDir?: string;
}

export async function startSeedServer(options: SeedServerOptions = {}): Promise<SeedServer> {
  const seeds = readAllSeeds(options.seedsDir ?? SEEDS_DIR);
  const byId = new Map(seeds.map((s) => [s.id, s]));
  const seed = (keyOrId: string): SeedArticle => {
    const found = byId.get(keyOrId) ?? seeds.find((s) => s.key === keyOrId);
    if (!found) throw new Error(`No seed "${keyOrId}" (have ${seeds.map((s) => s.key).join(', ')}).`);
    return found;
  };
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(body);
    };
    const html = (body: string) => send(200, 'text/html', body);
    let m: RegExpExecArray | null;
    if ((m = /^\/news\/([\w-]+)$/.exec(url.pathname)) && byId.has(m[1]!)) return html(newsArticlePage(byId.get(m[1]!)!, seeds));
    if ((m = /^\/abridged\/([\w-]+)$/.exec(url.pathname)) && byId.has(m[1]!)) return html(newsArticlePage(abridgedSeed(byId.get(m[1]!)!), seeds));
    if ((m = /^\/spa\/([\w-]+)$/.exec(url.pathname)) && byId.has(m[1]!)) return html(singlePageAppPage(byId.get(m[1]!)!, seeds));
    if ((m = /^\/api\/articles\/([\w-]+)\.json$/.exec(url.pathname)) && byId.has(m[1]!)) return send(200, 'application/json', JSON.stringify(spaArticleData(byId.get(m[1]!)!, seeds)));
    if (url.pathname === '/' || url.pathname === '/search') return html(searchResultsPage(url.searchParams.get('q') ?? 'china ukraine talks', seeds));
    if (url.pathname === PAGE_PATHS.photo) return send(200, 'image/svg+xml', PHOTO_SVG);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    send(404, 'text/plain', 'Not found');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    seeds,
    seed,
    articleUrl: (k) => origin + PAGE_PATHS.article(seed(k).id),
    abridgedUrl: (k) => origin + PAGE_PATHS.abridged(seed(k).id),
    spaUrl: (k) => origin + PAGE_PATHS.spa(seed(k).id),
    searchUrl: (q = 'china ukraine talks') => origin + PAGE_PATHS.search(q),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
