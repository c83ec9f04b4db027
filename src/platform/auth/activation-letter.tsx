import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../http/env.js';
import { formatters, type Locale, translator } from '../i18n/index.js';
import { Layout } from '../ui/layout.js';
import type { Letter } from './activation.js';

// On paper only the letter remains: no header, navigation, footer or buttons.
const PRINT_CSS = `
.letter{border:1px solid #ccc;padding:1rem;margin:1rem 0;overflow-wrap:anywhere}
.letter .code{font:700 1.75rem/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.1em;word-break:break-all}
@media print{.top,footer,.skip,.no-print{display:none!important}main{max-width:none;padding:0}.letter{border:0;padding:0;margin:0;font-size:13pt}}
`;

// Shows the print button only where it works (JavaScript on); without it, the browser's own Print does the same.
const PRINT_SCRIPT = `document.getElementById('print-letter').hidden=false;document.getElementById('print-letter').addEventListener('click',function(){window.print()});`;

/** The letter handed or posted to a resident: what Palier is, the code, where to type it, until when. */
export function LetterPage(props: { c: Context<AppEnv>; letter: Letter }) {
  const { c, letter } = props;
  const t = c.get('t');
  const nonce = c.get('secureHeadersNonce');
  const lang: Locale = letter.resident.locale === 'en' ? 'en' : 'fr';
  const tl = translator(lang);
  const site = c.get('services').config.publicUrl.replace(/\/$/, '');
  const until = formatters(lang).date(letter.expiresAt);
  return (
    <Layout c={c} title={t('activation.letter.pageTitle', { name: letter.resident.display_name })}>
      <style nonce={nonce}>{raw(PRINT_CSS)}</style>
      <div class="no-print">
        <h1>{t('activation.letter.pageTitle', { name: letter.resident.display_name })}</h1>
        <p class="notice" role="status">
          {t('activation.letter.issued', { date: formatters(c.get('locale')).date(letter.expiresAt) })}
        </p>
        <button type="button" id="print-letter" hidden>
          {t('activation.letter.print')}
        </button>
        <p>
          <a href="/admin/activation">{t('activation.letter.back')}</a>
        </p>
      </div>
      <article class="letter" lang={lang} aria-labelledby="letter-title">
        <p>{letter.organisation}</p>
        <h2 id="letter-title">{tl('activation.letter.title')}</h2>
        <p>{tl('activation.letter.hello', { name: letter.resident.display_name })}</p>
        <p>{tl('activation.letter.what', { organisation: letter.organisation })}</p>
        <p>{tl('activation.letter.how')}</p>
        <ol>
          <li>
            {tl('activation.letter.step1')} <strong>{`${site}/activate`}</strong>
          </li>
          <li>
            {tl('activation.letter.step2')}
            <br />
            <span class="code">{letter.code}</span>
          </li>
          <li>{tl('activation.letter.step3')}</li>
        </ol>
        <p>{letter.resident.phone ? tl('activation.letter.identifierPhone', { phone: letter.resident.phone }) : letter.resident.email ? tl('activation.letter.identifierEmail', { email: letter.resident.email }) : tl('activation.letter.identifierNone')}</p>
        <p>
          <strong>{tl('activation.letter.until', { date: until })}</strong>
        </p>
        <p>{tl('activation.letter.secret')}</p>
        <p>{tl('activation.letter.help')}</p>
      </article>
      <script nonce={nonce}>{raw(PRINT_SCRIPT)}</script>
    </Layout>
  );
}
