import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import { PostForm } from '../../../platform/ui/form.js';
import type { CaseDetail } from '../queries/read-case.js';

/** The case's documents: each downloads as an attachment; a form adds one (works without JavaScript). */
export function DocumentsSection(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors }) {
  const { c, d, errors } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const base = `/support/cases/${d.row.id}`;
  const describedBy = ['f-document-hint', errors.document && 'f-document-error'].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('support.document.title')}</h2>
      {d.documents.length === 0 ? (
        <p>{t('support.document.none')}</p>
      ) : (
        <ul>
          {d.documents.map((doc) => (
            <li>
              <a href={`${base}/documents/${doc.id}`} download>
                {doc.file_name}
              </a>{' '}
              <span class="hint">{t('support.document.meta', { size: f.number(Math.max(1, Math.round(doc.size_bytes / 1024))), date: f.date(doc.uploaded_at), who: doc.uploader ?? '—' })}</span>
            </li>
          ))}
        </ul>
      )}
      {d.row.status === 'open' && (
        <PostForm action={`${base}/documents`} csrf={c.get('csrf')} enctype="multipart/form-data">
          <div>
            <label for="f-document">{t('support.document.add')}</label>
            <span class="hint" id="f-document-hint">
              {t('support.document.hint')}
            </span>
            {errors.document && (
              <span class="error" id="f-document-error">
                {t(errors.document)}
              </span>
            )}
            <input
              id="f-document"
              type="file"
              name="document"
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              aria-invalid={errors.document ? 'true' : undefined}
              aria-describedby={describedBy}
            />
          </div>
          <button type="submit">{t('support.document.upload')}</button>
        </PostForm>
      )}
    </section>
  );
}
