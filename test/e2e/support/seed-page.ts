// Turns the seed texts (../shared/seeds/*.txt, read at test time) into the pages the end-to-end
// tests browse: a realistic news article page, a search page that is not an article, and a
// single-page-app page that swaps its article and calls history.pushState. Pure functions of the
// seeds: the HTTP server (server.ts) serves them, and any browser's test can use both.
import fs from 'node:fs';
import path from 'node:path';
import { SEEDS_DIR } from './paths.ts';

export interface SeedArticle {
  /** the seed's file name without `.txt`, which is also its id in the bundled corpus */
  id: string;
  /** the three-digit prefix tests use to name a seed: '000' */
  key: string;
  headline: string;
  /** the page's <title>: headline and site */
  documentTitle: string;
  siteName: string;
  section: string;
  /** ISO date-time, or null when nothing says when it was published */
  published: string | null;
  lang: string;
  byline: string;
  /** the article's lines as received, site furniture included (the extension must cope) */
  paragraphs: string[];
}

interface SeedFacts {
  siteName: string;
  section: string;
  published: string | null;
  byline: string;
}

// What ../shared/seeds/README.md says of each seed. The texts are English translations, so every
// page is `lang="en"`; the outlet and date are what a real page would carry in its <head>. Where
// the README names no outlet for sure (002, 004) the site name is a made-up one.
const KNOWN_SEEDS: Record<string, SeedFacts> = {
  '000': { siteName: 'Diário de Notícias', section: 'World', published: '2023-03-16T11:20:00Z', byline: 'DN with Lusa' },
  '001': { siteName: 'Der Tagesspiegel', section: 'Politics', published: '2023-03-16T14:05:00Z', byline: 'Tagesspiegel with AFP' },
  '002': { siteName: 'El Diario Ejemplo', section: 'America', published: '2023-03-16T16:40:00Z', byline: 'Newsroom with AFP and AP' },
  '003': { siteName: 'The Guardian', section: 'Ukraine', published: '2023-04-26T18:02:00Z', byline: 'Guardian staff and agencies' },
  '004': { siteName: 'Le Journal Exemple', section: 'International', published: '2022-04-04T20:15:00Z', byline: 'Editorial staff' },
};

const DEFAULT_FACTS: SeedFacts = { siteName: 'The Daily Example', section: 'News', published: null, byline: 'Staff reporter' };

const SENTENCE_END = /[.!?…]["”’»)]*$/u;
const DATE_PREFIX = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/i;

/** The seed files, sorted: ['000_d21c…', '001_b8e1…', …]. */
export function listSeedIds(seedsDir = SEEDS_DIR): string[] {
  if (!fs.existsSync(seedsDir)) throw new Error(`The seed texts are missing: no folder ${seedsDir} (set SIDELIGHT_SEEDS_DIR to their folder).`);
  return fs
    .readdirSync(seedsDir)
    .filter((f) => /^\d{3}_.+\.txt$/.test(f))
    .map((f) => f.replace(/\.txt$/, ''))
    .sort();
}

/** Finds a seed by its prefix ('000') or its full id. */
export function seedId(keyOrId: string, seedsDir = SEEDS_DIR): string {
  const ids = listSeedIds(seedsDir);
  const id = ids.find((i) => i === keyOrId || i.startsWith(`${keyOrId}_`));
  if (!id) throw new Error(`No seed "${keyOrId}" in ${seedsDir} (have ${ids.join(', ')}).`);
  return id;
}

function shortTitle(lede: string, max = 120): string {
  const sentence = lede.split(/(?<=[.!?]["”’]?)\s+/u)[0] ?? lede;
  const bare = sentence.replace(/\.$/, '');
  if (bare.length <= max) return bare;
  const cut = bare.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[,;:]$/, '')}…`;
}

/** Parses a seed text: a headline line (or a lede to make one from), then the article's lines. */
export function parseSeed(id: string, text: string): SeedArticle {
  const key = id.slice(0, 3);
  const facts = KNOWN_SEEDS[key] ?? DEFAULT_FACTS;
  let body = text.replace(/\r\n?/g, '\n');
  let published = facts.published;
  const prefix = DATE_PREFIX.exec(body);
  if (prefix) {
    body = body.slice(prefix[0].length);
    published ??= `${prefix[1]}T12:00:00Z`;
  }
  const lines = body
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const first = lines[0] ?? '';
  let headline: string;
  let section = facts.section;
  let paragraphs: string[];
  if (first.length <= 200 && !SENTENCE_END.test(first) && lines.length > 1) {
    // "Headline | Section": the section goes to the kicker, as on the outlet's page
    const m = /^(.*?)\s+\|\s+([^|]{1,40})$/u.exec(first);
    headline = m?.[1] ?? first;
    section = m?.[2] ?? section;
    paragraphs = lines.slice(1);
  } else {
    headline = shortTitle(first);
    paragraphs = lines;
  }
  return { id, key, headline, documentTitle: `${headline} | ${facts.siteName}`, siteName: facts.siteName, section, published, lang: 'en', byline: facts.byline, paragraphs };
}

/** Reads one seed (by '000' or full id) from the seeds folder. */
export function readSeed(keyOrId: string, seedsDir = SEEDS_DIR): SeedArticle {
  const id = seedId(keyOrId, seedsDir);
  return parseSeed(id, fs.readFileSync(path.join(seedsDir, `${id}.txt`), 'utf8'));
}

export function readAllSeeds(seedsDir = SEEDS_DIR): SeedArticle[] {
  return listSeedIds(seedsDir).map((id) => readSeed(id, seedsDir));
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function humanDate(iso: string | null): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(iso));
}

/** The URL paths the server gives each kind of page. */
export const PAGE_PATHS = {
  article: (id: string) => `/news/${id}`,
  /** the seed's page without its first quarter of paragraphs: another text of the same story, in no corpus */
  abridged: (id: string) => `/abridged/${id}`,
  spa: (id: string) => `/spa/${id}`,
  spaData: (id: string) => `/api/articles/${id}.json`,
  search: (query: string) => `/search?q=${encodeURIComponent(query)}`,
  photo: '/static/photo.svg',
};

/** The <article> element: kicker, h1, byline, date, the paragraphs with a photo after the first. */
export function articleElement(seed: SeedArticle): string {
  const paras = seed.paragraphs.map((p) => `      <p>${escapeHtml(p)}</p>`);
  const figure = `      <figure class="photo">
        <img src="${PAGE_PATHS.photo}" alt="Foreign ministers at a press conference" width="640" height="360">
        <figcaption>Foreign ministers at an earlier press conference. (Photo: Example Agency/Archive)</figcaption>
      </figure>`;
  paras.splice(1, 0, figure);
  return `<article class="story" data-seed="${escapeHtml(seed.id)}">
      <header class="story-header">
        <p class="kicker">${escapeHtml(seed.section)}</p>
        <h1>${escapeHtml(seed.headline)}</h1>
        <p class="byline">By <a rel="author" href="/authors/staff">${escapeHtml(seed.byline)}</a></p>
        ${seed.published ? `<time datetime="${seed.published}">${escapeHtml(humanDate(seed.published))}</time>` : ''}
      </header>
${paras.join('\n')}
      <p class="share"><a href="#share">Share</a> · <a href="#comments">Comments</a></p>
    </article>`;
}

/** The "related links" box beside the article: the other seeds' headlines. */
export function relatedLinksBox(current: SeedArticle, others: SeedArticle[], link: (id: string) => string = PAGE_PATHS.article): string {
  const items = others
    .filter((o) => o.id !== current.id)
    .map((o) => `        <li><a href="${link(o.id)}" data-seed="${escapeHtml(o.id)}">${escapeHtml(o.headline)}</a></li>`);
  return `<aside class="related-links" aria-label="Related">
      <h2>Related</h2>
      <ul>
${items.join('\n')}
      </ul>
    </aside>`;
}

function siteHeader(siteName: string): string {
  const sections = ['World', 'Politics', 'Business', 'Science', 'Culture', 'Sport', 'Opinion'];
  return `<header class="site-header">
    <a class="logo" href="/">${escapeHtml(siteName)}</a>
    <nav aria-label="Sections">
      <ul>${sections.map((s) => `<li><a href="/section/${s.toLowerCase()}">${s}</a></li>`).join('')}</ul>
    </nav>
    <form class="search" role="search" action="/search"><input name="q" type="search" placeholder="Search"><button>Search</button></form>
  </header>`;
}

function siteFooter(siteName: string): string {
  return `<footer class="site-footer">
    <p>© 2023 ${escapeHtml(siteName)}. All rights reserved.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms of use</a></li></ul>
  </footer>`;
}

function commentsSection(): string {
  const comments: [string, string][] = [
    ['Maria', 'Talks are the only way out. Let us hope both sides listen.'],
    ['jk1987', 'I will believe it when I see it.'],
    ['Observer', 'Interesting that this comes right after the peace plan.'],
  ];
  return `<section class="comments" id="comments" aria-label="Comments">
    <h2>${comments.length} comments</h2>
    <ol class="comment-list">
${comments.map(([who, text]) => `      <li class="comment"><p class="comment-author">${escapeHtml(who)}</p><p class="comment-body">${escapeHtml(text)}</p></li>`).join('\n')}
    </ol>
    <form class="comment-form">
      <h3>Leave a Reply</h3>
      <p>Your email address will not be published. Required fields are marked *</p>
      <textarea name="comment" rows="4"></textarea>
      <button>Post comment</button>
    </form>
  </section>`;
}

const STYLE = `body{font:16px/1.5 Georgia,serif;margin:0;color:#222}
.site-header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:2px solid #222}
.site-header ul,.site-footer ul{display:flex;gap:.75rem;list-style:none;padding:0}
.logo{font-weight:bold;font-size:1.4rem;color:#222;text-decoration:none}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 16rem;gap:2rem;max-width:64rem;margin:1rem auto;padding:0 1rem}
.photo img{width:100%;height:auto;background:#ccd}
.related-links{font:14px/1.4 sans-serif;border-top:3px solid #c00}
.comments,.site-footer{max-width:64rem;margin:1rem auto;padding:0 1rem;font:14px/1.4 sans-serif}`;

function page({ lang, title, head, body }: { lang: string; title: string; head: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
${head}
  <style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function articleMeta(seed: SeedArticle): string {
  return [
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="${escapeHtml(seed.siteName)}">`,
    `<meta property="og:title" content="${escapeHtml(seed.headline)}">`,
    seed.published ? `<meta property="article:published_time" content="${seed.published}">` : '',
    `<meta property="article:section" content="${escapeHtml(seed.section)}">`,
  ]
    .filter(Boolean)
    .map((m) => `  ${m}`)
    .join('\n');
}

/** A news article page for one seed: site header and nav, the article, related links, comments, footer. */
export function newsArticlePage(seed: SeedArticle, others: SeedArticle[] = []): string {
  return page({
    lang: seed.lang,
    title: seed.documentTitle,
    head: articleMeta(seed),
    body: `  ${siteHeader(seed.siteName)}
  <main class="layout">
    ${articleElement(seed)}
    ${relatedLinksBox(seed, others)}
  </main>
  ${commentsSection()}
  ${siteFooter(seed.siteName)}`,
  });
}

/** A search results page: a heading, a form and a short list of links. Not an article. */
export function searchResultsPage(query: string, results: SeedArticle[], siteName = DEFAULT_FACTS.siteName): string {
  const items = results.map(
    (r) => `      <li><a href="${PAGE_PATHS.article(r.id)}">${escapeHtml(r.headline)}</a><p class="snippet">${escapeHtml(r.siteName)} · ${escapeHtml(r.section)}</p></li>`,
  );
  return page({
    lang: 'en',
    title: `Search: ${query} | ${siteName}`,
    head: '  <meta name="robots" content="noindex">',
    body: `  ${siteHeader(siteName)}
  <main class="search-results">
    <h1>Results for “${escapeHtml(query)}”</h1>
    <p>${results.length} results</p>
    <ol>
${items.join('\n')}
    </ol>
    <nav class="pagination" aria-label="Pages"><a href="#">1</a> <a href="#">2</a> <a href="#">Next</a></nav>
  </main>
  ${siteFooter(siteName)}`,
  });
}

/** What the single-page app fetches to show another article. */
export interface SpaArticleData {
  id: string;
  documentTitle: string;
  headline: string;
  siteName: string;
  published: string | null;
  articleHtml: string;
  relatedHtml: string;
}

export function spaArticleData(seed: SeedArticle, others: SeedArticle[]): SpaArticleData {
  return {
    id: seed.id,
    documentTitle: seed.documentTitle,
    headline: seed.headline,
    siteName: seed.siteName,
    published: seed.published,
    articleHtml: articleElement(seed),
    relatedHtml: relatedLinksBox(seed, others, PAGE_PATHS.spa),
  };
}

// The app's router: a click on a related link fetches that article, swaps the <article> and the
// related box, updates the title and meta tags, then calls history.pushState; Back re-renders.
const SPA_SCRIPT = `
(() => {
  const paths = ${JSON.stringify({ data: PAGE_PATHS.spaData('ID'), page: PAGE_PATHS.spa('ID') })};
  const to = (template, id) => template.replace('ID', encodeURIComponent(id));
  const setMeta = (property, value) => {
    let el = document.querySelector('meta[property="' + property + '"]');
    if (value === null) { el?.remove(); return; }
    if (!el) { el = document.createElement('meta'); el.setAttribute('property', property); document.head.append(el); }
    el.setAttribute('content', value);
  };
  async function show(id, push) {
    const res = await fetch(to(paths.data, id));
    const data = await res.json();
    document.querySelector('article.story').outerHTML = data.articleHtml;
    document.querySelector('aside.related-links').outerHTML = data.relatedHtml;
    document.title = data.documentTitle;
    setMeta('og:title', data.headline);
    setMeta('og:site_name', data.siteName);
    setMeta('article:published_time', data.published);
    if (push) history.pushState({ id }, '', to(paths.page, id));
    window.scrollTo(0, 0);
  }
  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[data-seed]');
    if (!a) return;
    event.preventDefault();
    void show(a.dataset.seed, true);
  });
  addEventListener('popstate', (event) => {
    if (event.state && event.state.id) void show(event.state.id, false);
    else location.reload();
  });
})();
`;

/** A single-page app showing one seed; its related links navigate in place with pushState. */
export function singlePageAppPage(seed: SeedArticle, others: SeedArticle[]): string {
  const siteName = 'Example News Hub';
  return page({
    lang: seed.lang,
    title: seed.documentTitle,
    head: articleMeta(seed),
    body: `  ${siteHeader(siteName)}
  <main class="layout">
    ${articleElement(seed)}
    ${relatedLinksBox(seed, others, PAGE_PATHS.spa)}
  </main>
  ${commentsSection()}
  ${siteFooter(siteName)}
  <script>${SPA_SCRIPT}</script>`,
  });
}

/** A neutral placeholder photo, so no page loads anything from outside the test server. */
export const PHOTO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><rect width="640" height="360" fill="#c9d2e3"/><circle cx="220" cy="170" r="60" fill="#8e9bb5"/><circle cx="420" cy="170" r="60" fill="#8e9bb5"/><rect x="120" y="250" width="400" height="60" fill="#6f7d99"/></svg>`;

/** The seed as an abridged page: its paragraphs without the first quarter (another text of the same story). */
export function abridgedSeed(seed: SeedArticle): SeedArticle {
  return { ...seed, paragraphs: seed.paragraphs.slice(Math.ceil(seed.paragraphs.length / 4)) };
}
