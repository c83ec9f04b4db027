import { eventMessages } from './messages-events.js';
import { proposalMessages } from './messages-proposals.js';

/** The module's strings, French first (reference) and English, same keys. */
export const messages = {
  fr: { ...eventMessages.fr, ...proposalMessages.fr },
  en: { ...eventMessages.en, ...proposalMessages.en },
};
