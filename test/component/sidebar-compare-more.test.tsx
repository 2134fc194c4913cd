// @vitest-environment happy-dom
// "Show differences from N more articles": an analysis that compared only the closest listed
// articles says so and asks the background for the rest (real engine results: seed 000 on the
// bundled corpus, bounded to one article of each relation, then compared in full).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { analyseArticleInContext, compareMoreVersions } from '../../engine/analyze.ts';
import type { AnalysisResult } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { bundledCorpus, knowledge, seedRecord } from '../support/engine.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

afterEach(cleanup);

const ready = (result: AnalysisResult): TabState => ({ status: 'ready', url: 'https://news.example/a', result, savedId: null });
const rec = seedRecord('000');
const { result: bounded, context } = await analyseArticleInContext({ title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet }, bundledCorpus, knowledge, { sourceLimits: { sameStory: 1, related: 1 } });
const full = compareMoreVersions(bounded, context);

describe('comparing more listed articles', () => {
  it('says how many listed articles were not compared, and shows the comparison of all of them on demand', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(bounded));
    backend.afterCompare.set(1, ready(full));
    const { container } = render(<SidebarApp backend={backend} />);
    const n = bounded.notCompared!.length;
    expect(n).toBeGreaterThan(0);
    await screen.findByText(`Missing context and translation differences come from the closest listed articles; ${n} more listed articles were not compared.`);
    const heading = () => container.querySelector('#missing-heading')?.textContent ?? '';
    expect(heading()).toContain(String(bounded.missingContext.length));
    // the listing is whole before the comparison
    expect(container.querySelectorAll('[data-relation]')).toHaveLength(bounded.related.length);
    fireEvent.click(screen.getByRole('button', { name: `Show differences from ${n} more articles` }));
    await waitFor(() => expect(container.querySelector('.compare-more')).toBeNull());
    expect(backend.compared).toEqual([1]);
    expect(full.missingContext.length).toBeGreaterThan(bounded.missingContext.length);
    expect(heading()).toContain(String(full.missingContext.length));
    expect(container.querySelectorAll('[data-relation]')).toHaveLength(full.related.length);
  });

  it('offers nothing when every listed article was compared', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(full));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    expect(container.querySelector('.compare-more')).toBeNull();
    expect(screen.queryByRole('button', { name: /Show differences from/ })).toBeNull();
  });

  it('waits while the background compares, and keeps the control when the answer changes nothing', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(bounded));
    render(<SidebarApp backend={backend} />);
    const button = await screen.findByRole('button', { name: /Show differences from/ });
    backend.holding = true;
    fireEvent.click(button);
    await waitFor(() => expect(document.querySelector('.compare-more button')?.textContent).toBe('Comparing…'));
    expect((screen.getByRole('button', { name: 'Comparing…' }) as HTMLButtonElement).disabled).toBe(true);
    backend.release();
    await screen.findByRole('button', { name: /Show differences from/ });
  });
});
