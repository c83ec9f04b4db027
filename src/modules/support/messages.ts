import { messages as config } from './messages-config.js';
import { messages as protection } from './messages-protection.js';
import { messages as pages } from './messages-pages.js';
import { messages as referrals } from './messages-referrals.js';
import { messages as rules } from './messages-rules.js';
import { messages as eligibility } from './messages-eligibility.js';
import { messages as settings } from './messages-settings.js';
import { messages as allocations } from './messages-allocations.js';
import { messages as groups } from './messages-groups.js';
import { messages as scope } from './messages-scope.js';
import { messages as partnerNotices } from './messages-partner-notices.js';
import { messages as transfer } from './messages-transfer.js';

export const messages = {
  fr: { ...rules.fr, ...pages.fr, ...referrals.fr, ...config.fr, ...protection.fr, ...eligibility.fr, ...settings.fr, ...allocations.fr, ...groups.fr, ...scope.fr, ...partnerNotices.fr, ...transfer.fr },
  en: { ...rules.en, ...pages.en, ...referrals.en, ...config.en, ...protection.en, ...eligibility.en, ...settings.en, ...allocations.en, ...groups.en, ...scope.en, ...partnerNotices.en, ...transfer.en },
};
