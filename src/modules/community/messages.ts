import { calendarMessages } from './messages-calendar.js';
import { clubMessages } from './messages-club.js';
import { eventPageMessages } from './messages-event-pages.js';
import { eventMessages } from './messages-events.js';
import { lifecycleMessages } from './messages-lifecycle.js';
import { manageMessages } from './messages-manage.js';
import { moderationMessages } from './messages-moderation.js';
import { neighbourMessages } from './messages-neighbours.js';
import { noticeMessages } from './messages-notices.js';
import { processingMessages } from './messages-processing.js';
import { progressMessages } from './messages-progress.js';
import { proposalPageMessages } from './messages-proposal-pages.js';
import { proposalMessages } from './messages-proposals.js';
import { reportMessages } from './messages-report.js';

/** The module's strings, French first (reference) and English, same keys. */
export const messages = {
  fr: {
    ...eventMessages.fr,
    ...eventPageMessages.fr,
    ...manageMessages.fr,
    ...proposalMessages.fr,
    ...proposalPageMessages.fr,
    ...noticeMessages.fr,
    ...lifecycleMessages.fr,
    ...moderationMessages.fr,
    ...reportMessages.fr,
    ...calendarMessages.fr,
    ...processingMessages.fr,
    ...progressMessages.fr,
    ...neighbourMessages.fr,
    ...clubMessages.fr,
  },
  en: {
    ...eventMessages.en,
    ...eventPageMessages.en,
    ...manageMessages.en,
    ...proposalMessages.en,
    ...proposalPageMessages.en,
    ...noticeMessages.en,
    ...lifecycleMessages.en,
    ...moderationMessages.en,
    ...reportMessages.en,
    ...calendarMessages.en,
    ...processingMessages.en,
    ...progressMessages.en,
    ...neighbourMessages.en,
    ...clubMessages.en,
  },
};
