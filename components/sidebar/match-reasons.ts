// Why a listed article matched, in the UI's language: the engine gives its reasons as data
// (engine/schemas.ts MatchReason); names, quotes and event descriptions are the articles' own.
import type { MatchReason } from '../../engine/schemas.ts';
import { plural, t } from '../../i18n/messages.ts';
import { formatDate, languageName, listOf } from './format.ts';

export function reasonMessage(r: MatchReason): string {
  switch (r.kind) {
    case 'people':
      return t('whyPeople', listOf(r.names));
    case 'places':
      return t('whyPlaces', listOf(r.names));
    case 'organisations':
      return t('whyOrganisations', listOf(r.names));
    case 'names':
      return t('whyNames', listOf(r.names));
    case 'similar-opening':
      return t('whySimilarOpening');
    case 'similar-wording':
      return t('whySimilarWording');
    case 'same-day':
      return t('whySameDay');
    case 'days-apart':
      return plural(r.days, 'whyDaysApartOne', 'whyDaysApartOther');
    case 'language':
      return t('whyLanguage', languageName(r.language));
    case 'event-kinds':
      return t('whyEventKinds', listOf(r.kinds));
    case 'earlier-event':
      return t('whyEarlierEvent', formatDate(r.day), r.event);
    case 'later-event':
      return t('whyLaterEvent', formatDate(r.day), r.event);
    case 'related-topic':
      return t('whyRelatedTopic', r.event);
    case 'quote':
      return t('whyQuote', r.quote);
  }
}
