import { messages as pages } from './messages-pages.js';
import { messages as rules } from './messages-rules.js';

export const messages = {
  fr: { ...rules.fr, ...pages.fr },
  en: { ...rules.en, ...pages.en },
};
