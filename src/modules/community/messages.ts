import { eventPageMessages } from './messages-event-pages.js';
import { eventMessages } from './messages-events.js';
import { manageMessages } from './messages-manage.js';
import { proposalPageMessages } from './messages-proposal-pages.js';
import { proposalMessages } from './messages-proposals.js';

/** The module's strings, French first (reference) and English, same keys. */
export const messages = {
  fr: {
    ...eventMessages.fr,
    ...eventPageMessages.fr,
    ...manageMessages.fr,
    ...proposalMessages.fr,
    ...proposalPageMessages.fr,
  },
  en: {
    ...eventMessages.en,
    ...eventPageMessages.en,
    ...manageMessages.en,
    ...proposalMessages.en,
    ...proposalPageMessages.en,
  },
};
