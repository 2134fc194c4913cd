// Hostile and odd pages for the end-to-end tests (test/e2e/hostile-pages.test.ts), and a local
// server for them on 127.0.0.1: a 10 MB page, a page of 200,000 elements, a page with no article,
// a page with many frames, an article in Arabic (right to left), and an article whose title, text
// and metadata carry markup payloads and bidi control characters. Every text here is written for
// these tests (no seed text, no real outlet). Nothing is fetched from outside the server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './seed-page.ts';

/** What a payload would do if it ever ran as code: set this global and change the title. */
export const PWNED_GLOBAL = '__sidelightPwned';
export const PWNED_TITLE = 'PWNED';

const run = (n: number) => `window.${PWNED_GLOBAL}=${n};document.title='${PWNED_TITLE}'`;
/** Markup that runs code when parsed as HTML. In the pages it is always text (escaped). */
export const PAYLOADS = {
  script: `<script>${run(1)}</script>`,
  img: `<img src=x onerror="${run(2)}">`,
  svg: `<svg onload="${run(3)}"></svg>`,
  iframe: `<iframe srcdoc="<script>parent.${PWNED_GLOBAL}=4</script>"></iframe>`,
  link: `<a href="javascript:${run(5)}">click</a>`,
};
/** Right-to-left override, isolates and marks: text that can make the UI around it read backwards. */
export const BIDI = { rlo: '\u202E', pdf: '\u202C', lri: '\u2066', rli: '\u2067', pdi: '\u2069', rlm: '\u200F', lrm: '\u200E' };

// A made-up local news story, long enough to be an article (Readability, 80+ words).
const STORY = [
  'The town council of Eastmere voted on Tuesday evening to reopen the old river ferry, closed since a storm damaged its landing stage three winters ago.',
  'Councillors approved the plan by seven votes to two after a debate that ran past midnight, with residents from both banks filling the public gallery of the town hall.',
  'Under the plan, a small electric ferry will carry foot passengers and bicycles every twenty minutes between the market square and the railway halt on the far bank.',
  'Supporters said the crossing would cut a forty-minute detour by road to a five-minute trip across the water, and bring shoppers back to the market on weekdays.',
  'Opponents questioned the cost of rebuilding the landing stage and asked who would pay if river levels kept rising, as the regional flood agency has warned they will.',
  'The council leader, Marta Holm, said the town would apply for a regional transport grant to cover most of the building work, and would publish the tender in the spring.',
  'A first timetable is expected before the summer, and the ferry could be running by the autumn if the grant is approved and the contractor finishes the stage on time.',
  'The ferry operator of the neighbouring town, which runs a similar boat, offered to lend a vessel for a trial week so that residents can try the crossing before the vote on the budget.',
];

export interface ArticleOptions {
  title: string;
  headline?: string;
  paragraphs?: string[];
  lang?: string;
  dir?: 'ltr' | 'rtl';
  siteName?: string;
  /** raw HTML put in <head> or after the article (already escaped where it must be) */
  head?: string;
  after?: string;
  /** raw HTML inside the <article>, after the paragraphs */
  inArticle?: string;
}

/** An ordinary article page: header, the article, a footer. Texts are escaped. */
export function articlePage(o: ArticleOptions): string {
  const paragraphs = (o.paragraphs ?? STORY).map((p) => `    <p>${escapeHtml(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(o.lang ?? 'en')}"${o.dir ? ` dir="${o.dir}"` : ''}>
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(o.title)}</title>
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="${escapeHtml(o.siteName ?? 'The Eastmere Example')}">
  <meta property="article:published_time" content="2026-03-10T09:00:00Z">
${o.head ?? ''}
</head>
<body>
  <header><a href="/">${escapeHtml(o.siteName ?? 'The Eastmere Example')}</a><nav><a href="/local">Local</a> <a href="/sport">Sport</a></nav></header>
  <main>
  <article>
    <h1>${escapeHtml(o.headline ?? o.title)}</h1>
    <p class="byline">By a staff reporter</p>
${paragraphs}
${o.inArticle ?? ''}
  </article>
  </main>
${o.after ?? ''}
  <footer><p>© 2026 ${escapeHtml(o.siteName ?? 'The Eastmere Example')}</p></footer>
</body>
</html>
`;
}

/** An ordinary English article that is not in the corpus (the one the privacy test saves). */
export function plainArticlePage(): string {
  return articlePage({ title: 'Eastmere votes to bring back its river ferry', siteName: 'The Eastmere Example' });
}

/** About `bytes` of HTML: one article whose text runs to megabytes (far over the 200,000-character cap). */
export function tenMegabytePage(bytes = 10 * 1024 * 1024): string {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = `${STORY[i % STORY.length]} (Part ${i + 1}.) ${STORY[(i * 3 + 1) % STORY.length]}`;
    paragraphs.push(p);
    size += p.length + 12;
  }
  return articlePage({ title: 'The longest council meeting ever recorded, in full', paragraphs });
}

/** An article just under the 200,000-character cap: the largest text Sidelight analyses. */
export function nearCapArticlePage(chars = 190_000): string {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const p = `${STORY[i % STORY.length]} (Hearing ${i + 1}.)`;
    paragraphs.push(p);
    size += p.length + 1;
  }
  return articlePage({ title: 'The ferry hearings: every statement, day by day', paragraphs });
}

/** A page of `count` elements (spans in paragraphs) around a short article. */
export function manyNodesPage(count = 200_000): string {
  const perParagraph = 100;
  const rows: string[] = [];
  for (let i = 0; i < count / perParagraph; i++) {
    rows.push(`<p class="cells">${Array.from({ length: perParagraph - 1 }, (_, j) => `<span>${(i * perParagraph + j) % 10}</span>`).join('')}</p>`);
  }
  return articlePage({ title: 'Every vote of the council since 1900, cell by cell', after: `<section class="data">\n${rows.join('\n')}\n</section>` });
}

/** A web application screen: forms, buttons, short labels. No article. */
export function noArticlePage(): string {
  const rows = Array.from({ length: 12 }, (_, i) => `<tr><td>Item ${i + 1}</td><td><button>Edit</button></td><td><button>Delete</button></td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dashboard | Example App</title></head>
<body>
  <nav><a href="/">Home</a> <a href="/settings">Settings</a> <a href="/logout">Log out</a></nav>
  <main>
    <h1>Dashboard</h1>
    <form><label>Search <input name="q"></label> <button>Go</button></form>
    <table>${rows}</table>
    <p>12 items.</p>
  </main>
</body></html>
`;
}

/** An article page with `count` frames: srcdoc frames, same-server frames with an article of their own. */
export function manyFramesPage(count = 60): string {
  const frames = Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? `<iframe title="ad ${i}" width="300" height="80" srcdoc="${escapeHtml(`<p>Advert ${i}: ${STORY[i % STORY.length]}</p>`)}"></iframe>`
      : `<iframe title="frame ${i}" width="300" height="80" src="/frame/${i}"></iframe>`,
  ).join('\n');
  return articlePage({ title: 'Ferry plan: what each councillor said', after: `<aside class="frames">\n${frames}\n</aside>` });
}

/** What a framed page shows: an article of its own, with a different headline. */
export function framePage(i: number): string {
  return articlePage({ title: `Frame ${i}: a different story about the harbour wall`, headline: `Frame ${i}: a different story about the harbour wall` });
}

/** A short Arabic news story (written for this test), right to left. */
export const ARABIC = {
  title: 'مجلس مدينة إيستمير يصوت على إعادة تشغيل العبارة النهرية',
  paragraphs: [
    'صوّت مجلس مدينة إيستمير مساء الثلاثاء على إعادة تشغيل العبارة النهرية القديمة، التي توقفت منذ أن ألحقت عاصفة أضرارًا برصيف الرسو قبل ثلاثة شتاءات.',
    'ووافق أعضاء المجلس على الخطة بأغلبية سبعة أصوات مقابل صوتين بعد نقاش استمر حتى منتصف الليل، وامتلأت شرفة الجمهور في مبنى البلدية بسكان من ضفتي النهر.',
    'وبموجب الخطة، ستنقل عبارة كهربائية صغيرة المشاة والدراجات كل عشرين دقيقة بين ساحة السوق ومحطة القطار على الضفة الأخرى.',
    'وقال المؤيدون إن العبور سيختصر طريقًا بريًا يستغرق أربعين دقيقة إلى رحلة مدتها خمس دقائق فوق الماء، وسيعيد المتسوقين إلى السوق في أيام الأسبوع.',
    'وتساءل المعارضون عن كلفة إعادة بناء الرصيف، وعمّن سيدفع إذا استمر منسوب النهر في الارتفاع كما حذرت وكالة الفيضانات الإقليمية.',
    'وقالت رئيسة المجلس مارتا هولم إن المدينة ستتقدم بطلب منحة إقليمية للنقل لتغطية معظم أعمال البناء، وستنشر المناقصة في الربيع.',
    'ومن المتوقع صدور جدول المواعيد الأول قبل الصيف، وقد تبدأ العبارة العمل في الخريف إذا تمت الموافقة على المنحة وأنهى المقاول الرصيف في موعده.',
  ],
};

export function arabicArticlePage(): string {
  return articlePage({ title: ARABIC.title, paragraphs: ARABIC.paragraphs, lang: 'ar', dir: 'rtl', siteName: 'صحيفة إيستمير' });
}

/** The payload page's title: markup payloads and a right-to-left override in the middle. */
export const PAYLOAD_TITLE = `Ferry vote ${PAYLOADS.img} ${PAYLOADS.script} ${BIDI.rlo}exe.txt${BIDI.pdf} ends ${BIDI.rli}late${BIDI.pdi}`;

/** An article whose title, headline, site name, text and a <noscript> carry payloads and bidi controls. */
export function payloadPage(): string {
  const paragraphs = STORY.map((p, i) => {
    const payload = Object.values(PAYLOADS)[i % Object.values(PAYLOADS).length]!;
    return `${p} ${payload} ${i % 2 ? `${BIDI.rlo}gnp.exe${BIDI.pdf}` : `${BIDI.rlm}${BIDI.lri}quoted${BIDI.pdi}`}`;
  });
  return articlePage({
    title: PAYLOAD_TITLE,
    headline: PAYLOAD_TITLE,
    paragraphs,
    siteName: `Eastmere ${PAYLOADS.svg} ${BIDI.rlo}News`,
    // inert in the page (scripts run, so <noscript> is text), but Readability copies a <noscript>'s
    // markup into its working clone: an image there must neither load nor fire its handler
    inArticle: `<noscript><img src="/beacon/noscript" onerror="${run(6)}"></noscript>
    <template><img src="/beacon/template" onerror="${run(7)}"></template>`,
    head: `  <meta property="og:title" content="${escapeHtml(PAYLOAD_TITLE)}">`,
  });
}

/**
 * Metadata over the limits of the message the content script sends (engine/schemas.ts,
 * EXTRACTED_LIMITS): a 2,449-character title and headline, a 43-character `lang`, a 600-character
 * og:site_name; the test serves the page under a 4,100-character address. The sizes the hang was
 * found with (issue 15).
 */
export const OVERSIZED = { title: 2449, lang: 43, siteName: 600, url: 4100 };

/** `unit` repeated, cut to exactly `length` characters. */
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

export const OVERSIZED_TITLE = repeatTo('Eastmere ferry vote, the full account of every amendment and reply; ', OVERSIZED.title);

export function oversizedMetadataPage(): string {
  return articlePage({
    title: OVERSIZED_TITLE,
    headline: OVERSIZED_TITLE,
    lang: `en-${repeatTo('x-private', OVERSIZED.lang - 3)}`,
    siteName: repeatTo('The Eastmere Example Evening Edition ', OVERSIZED.siteName),
  });
}

export type HostilePage = 'ten-megabytes' | 'near-cap' | 'many-nodes' | 'no-article' | 'many-frames' | 'arabic' | 'payloads' | 'plain-article' | 'oversized-metadata';

export interface HostileServer {
  origin: string;
  url(page: HostilePage, query?: string): string;
  /** every request answered, `METHOD /path` */
  requests: string[];
  /** bytes of each page served */
  sizes: Partial<Record<HostilePage, number>>;
  close(): Promise<void>;
}

const PAGES: Record<HostilePage, () => string> = {
  'ten-megabytes': () => tenMegabytePage(),
  'near-cap': () => nearCapArticlePage(),
  'many-nodes': () => manyNodesPage(),
  'no-article': noArticlePage,
  'many-frames': () => manyFramesPage(),
  arabic: arabicArticlePage,
  payloads: payloadPage,
  'plain-article': plainArticlePage,
  'oversized-metadata': oversizedMetadataPage,
};

/** The hostile pages over node:http on 127.0.0.1 (random port). /beacon/* answers 204 and is recorded. */
export async function startHostileServer(): Promise<HostileServer> {
  const cache = new Map<HostilePage, Buffer>();
  const requests: string[] = [];
  const sizes: Partial<Record<HostilePage, number>> = {};
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const name = /^\/hostile\/([\w-]+)$/.exec(url.pathname)?.[1] as HostilePage | undefined;
    if (name && name in PAGES) {
      if (!cache.has(name)) cache.set(name, Buffer.from(PAGES[name](), 'utf8'));
      const body = cache.get(name)!;
      sizes[name] = body.length;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    const frame = /^\/frame\/(\d+)$/.exec(url.pathname)?.[1];
    if (frame !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(framePage(Number(frame)));
      return;
    }
    res.writeHead(url.pathname.startsWith('/beacon/') || url.pathname === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (page, query) => `${origin}/hostile/${page}${query ? `?${query}` : ''}`,
    requests,
    sizes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
