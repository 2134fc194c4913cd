// A content script's message, checked where it arrives (content scripts run in pages, so what they
// send is untrusted). A message that fails its schema is not dropped without a word: the tab shows
// an error naming the field, with "Try again", instead of "Reading the page…" for good.
import { describeIssues } from '../engine/schemas.ts';
import { cutText } from '../engine/text.ts';
import { ContentToBackgroundSchema, type ContentToBackground, type TabState } from '../messaging/protocol.ts';
import { t } from '../i18n/messages.ts';

/** The longest account of what was wrong that the sidebar shows. */
const PROBLEM_CHARS = 300;

export type ContentMessageCheck = { ok: true; message: ContentToBackground } | { ok: false; state: TabState };

/** `tabUrl`: the tab's address as the browser reports it (not the message's, which failed). */
export function checkContentMessage(raw: unknown, tabUrl: string | null): ContentMessageCheck {
  const parsed = ContentToBackgroundSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  return {
    ok: false,
    state: {
      status: 'error',
      url: tabUrl,
      message: t('bgContentRejected', cutText(describeIssues(parsed.error), PROBLEM_CHARS)),
    },
  };
}
