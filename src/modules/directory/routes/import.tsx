import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { type ImportReport, importRegister } from '../commands/import/import-register.js';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from '../commands/import/rows.js';
import { ImportReportView } from '../views/import-report.js';
import { Choices } from '../views/ui.js';
import { guarded } from './respond.js';

function page(c: Context<AppEnv>, kind: string, errors: FieldErrors, report: ImportReport | null, status: 200 | 422) {
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const labels = { kind: t('directory.import.kind'), file: t('directory.import.file') };
  c.status(status);
  return c.html(
    <Layout c={c} title={t('directory.import.title')}>
      <h1>{t('directory.import.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {report && <ImportReportView t={t} report={report} seconds={f.number(Math.round(report.seconds * 10) / 10)} />}
      {report && <h2>{t('directory.import.again')}</h2>}
      <p>{t('directory.import.intro')}</p>
      <PostForm action="/admin/import" csrf={c.get('csrf')} enctype="multipart/form-data">
        <Choices
          t={t}
          type="radio"
          name="kind"
          legend={labels.kind}
          checked={[kind]}
          error={errors.kind}
          options={IMPORT_KINDS.map((k) => ({ value: k, label: `${t(`directory.import.kind.${k}`)} — ${t('directory.import.columns', { columns: COLUMNS[k].map((col) => col.header).join(' ; ') })}` }))}
        />
        <Field t={t} name="file" type="file" label={labels.file} hint={t('directory.import.fileHint')} error={errors.file} required />
        <button type="submit">{t('directory.import.submit')}</button>
      </PostForm>
      <p>
        <a href="/admin/residences">{t('directory.residences.title')}</a> · <a href="/admin/households">{t('directory.households.title')}</a>
      </p>
    </Layout>,
  );
}

/**
 * The register import from the browser. The report is the answer to the POST itself: there is
 * nothing to redirect to, and sending the same file again is harmless (rows are matched by reference).
 */
export function registerImportPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/import', 'directory.import', (c) => page(c, 'residences', {}, null, 200));

  route(app, 'POST', '/admin/import', 'directory.import', (c) =>
    guarded(c, async () => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const body = await c.req.parseBody();
      const kind = typeof body.kind === 'string' ? body.kind : '';
      const file = body.file;
      const errors: FieldErrors = {};
      if (!IMPORT_KINDS.includes(kind as ImportKind)) errors.kind = 'directory.import.chooseKind';
      if (!(file instanceof File) || file.size === 0) errors.file = 'directory.import.noFile';
      if (Object.keys(errors).length || !(file instanceof File)) return page(c, kind, errors, null, 422);
      const report = await importRegister(c.get('services').database.db, actor, {
        kind: kind as ImportKind,
        source: file.stream() as unknown as AsyncIterable<Uint8Array>,
        fileName: file.name,
        via: 'web',
      });
      return page(c, kind, {}, report, report.fileError ? 422 : 200);
    }),
  );
}
