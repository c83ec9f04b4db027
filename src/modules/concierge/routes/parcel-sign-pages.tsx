import type { Hono } from 'hono';
import { raw } from 'hono/html';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { attachmentResponse, readStoredFile } from '../../../platform/files/index.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { handOverParcel } from '../commands/parcels.js';
import { FieldError } from '../errors.js';
import { parcelSignature, parcelTrail } from '../queries/parcel-trail.js';
import { handOverSchema, isUuid } from '../schemas.js';
import { type Ctx, failure, formOf, Notice, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';
import { householdLabel } from '../domain/household-label.js';

// Progressive enhancement: without JavaScript the pad stays hidden and the form is the identity check
// (typed name). With it, strokes drawn with a mouse, a finger or a pen become a PNG data URL sent
// with the name, and the hand-over is recorded as signed; a pad left blank is an identity check.
const PAD_SCRIPT = `(function(){
var canvas=document.getElementById('f-signature');if(!canvas||!canvas.getContext)return;
var pad=document.getElementById('sig-pad'),form=pad.closest('form'),data=document.getElementById('sig-data'),method=document.getElementById('sig-method'),ctx=canvas.getContext('2d'),down=false,drawn=false;
pad.hidden=false;canvas.style.touchAction='none';canvas.style.width='100%';canvas.style.maxWidth='600px';canvas.style.border='2px solid currentColor';canvas.style.background='#fff';
function blank(){ctx.fillStyle='#fff';ctx.fillRect(0,0,canvas.width,canvas.height);ctx.strokeStyle='#111';ctx.lineWidth=3;ctx.lineCap='round';ctx.lineJoin='round';drawn=false;}
function at(e){var r=canvas.getBoundingClientRect();return{x:(e.clientX-r.left)*canvas.width/r.width,y:(e.clientY-r.top)*canvas.height/r.height};}
blank();
canvas.addEventListener('pointerdown',function(e){down=true;drawn=true;canvas.setPointerCapture(e.pointerId);var p=at(e);ctx.beginPath();ctx.moveTo(p.x,p.y);ctx.lineTo(p.x+0.1,p.y+0.1);ctx.stroke();e.preventDefault();});
canvas.addEventListener('pointermove',function(e){if(!down)return;var p=at(e);ctx.lineTo(p.x,p.y);ctx.stroke();e.preventDefault();});
function up(){down=false;}
canvas.addEventListener('pointerup',up);canvas.addEventListener('pointercancel',up);
document.getElementById('sig-clear').addEventListener('click',blank);
form.addEventListener('submit',function(){if(drawn){data.value=canvas.toDataURL('image/png');method.value='signature';}else{data.value='';method.value='identity';}});
})();`;

async function signPage(c: Ctx, values: Record<string, string> = {}, errors: Record<string, string> = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  const id = param(c, 'id');
  if (!desk || !isUuid(id)) return errorPage(c, 404);
  const parcel = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => parcelTrail(tx, desk.id, id));
  if (!parcel) return errorPage(c, 404);
  if (parcel.status !== 'received') return failure(c, new HttpError(409, 'concierge.error.parcelGone'), `/concierge/desk/parcels/${id}`);
  const labels = { handedTo: t('concierge.counter.handedTo'), signature: t('concierge.sign.pad') };
  if (Object.keys(errors).length) c.status(422);
  return c.html(
    <Layout c={c} title={t('concierge.sign.title')}>
      <h1>{t('concierge.sign.title')}</h1>
      <p>
        {`${t(`concierge.parcelKind.${parcel.kind}`)} — ${t('concierge.parcel.onShelf', { shelf: parcel.shelf })} — ${householdLabel(parcel.household_name, parcel.dwelling_reference)}`}
      </p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action={`/concierge/desk/parcels/${id}/sign`} csrf={c.get('csrf')}>
        <input type="hidden" id="sig-method" name="method" value="identity" />
        <input type="hidden" id="sig-data" name="signature" value="" />
        <Field t={t} name="handedTo" label={labels.handedTo} hint={t('concierge.counter.handedToHint')} value={values.handedTo ?? ''} error={errors.handedTo} autocomplete="off" />
        <div id="sig-pad" hidden>
          <p id="sig-help">{t('concierge.sign.help')}</p>
          {errors.signature && (
            <p class="error" id="f-signature-error">
              {t(errors.signature)}
            </p>
          )}
          <canvas id="f-signature" width="600" height="200" role="img" aria-label={labels.signature} aria-describedby={errors.signature ? 'sig-help f-signature-error' : 'sig-help'} />
          <p>
            <button type="button" id="sig-clear" class="secondary">
              {t('concierge.sign.clear')}
            </button>
          </p>
        </div>
        <p>{t('concierge.sign.fallback')}</p>
        <button type="submit">{t('concierge.sign.submit')}</button>
      </PostForm>
      <p>
        <a href={`/concierge/desk/counter/${parcel.subscription_id}`}>{t('concierge.back')}</a>
      </p>
      <script nonce={c.get('secureHeadersNonce')}>{raw(PAD_SCRIPT)}</script>
    </Layout>,
  );
}

const STEPS = ['received', 'notified', 'reminded', 'returnNoticed', 'handed', 'returned'] as const;

async function trailPage(c: Ctx) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  const id = param(c, 'id');
  if (!desk || !isUuid(id)) return errorPage(c, 404);
  const p = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => parcelTrail(tx, desk.id, id));
  if (!p) return errorPage(c, 404);
  const f = formatters(c.get('locale'));
  const when: Record<(typeof STEPS)[number], Date | null> = {
    received: p.received_at,
    notified: p.notified_at,
    reminded: p.reminded_at,
    returnNoticed: p.return_noticed_at,
    handed: p.handed_at,
    returned: p.returned_at,
  };
  const who = (name: string | null) => name ?? t('concierge.trail.someone');
  const detail: Record<(typeof STEPS)[number], string> = {
    received: t('concierge.trail.by', { name: who(p.received_by_name) }),
    notified: '',
    reminded: '',
    returnNoticed: '',
    handed: p.handover_method ? t(`concierge.trail.handed.${p.handover_method}`, { to: p.handed_to ?? '', name: who(p.handed_by_name) }) : '',
    returned: t('concierge.trail.by', { name: who(p.returned_by_name) }),
  };
  return c.html(
    <Layout c={c} title={t('concierge.trail.title')}>
      <h1>{t('concierge.trail.title')}</h1>
      <Notice c={c} keyName={c.req.query('done') === 'handedOver' ? 'concierge.notice.handedOver' : undefined} />
      <p>
        {`${t(`concierge.parcelKind.${p.kind}`)}${p.carrier ? ` — ${p.carrier}` : ''} — ${householdLabel(p.household_name, p.dwelling_reference)}`}
      </p>
      <ol class="trail">
        {STEPS.filter((s) => when[s]).map((s) => (
          <li>
            <strong>{t(`concierge.trail.${s}`)}</strong> — {f.dateTime(when[s] as Date)}
            {detail[s] ? ` — ${detail[s]}` : ''}
            {s === 'handed' && p.signature_id && (
              <>
                {' — '}
                <a href={`/concierge/desk/parcels/${p.id}/signature`} download>
                  {t('concierge.trail.signature')}
                </a>
              </>
            )}
          </li>
        ))}
      </ol>
      {p.status === 'received' && (
        <p>
          <a class="button" href={`/concierge/desk/parcels/${p.id}/sign`}>
            {t('concierge.sign.link')}
          </a>
        </p>
      )}
      <p>
        <a href={`/concierge/desk/counter/${p.subscription_id}`}>{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

/** Hand-over with the recipient's signature at the counter, a parcel's trail, and the signature as a download (the desk's staff only). */
export function registerParcelSignPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/parcels/:id', 'concierge.staff', trailPage);
  route(app, 'GET', '/concierge/desk/parcels/:id/sign', 'concierge.staff', (c) => signPage(c));
  route(app, 'POST', '/concierge/desk/parcels/:id/sign', 'concierge.staff', async (c) => {
    // The parcel first (404 for another desk's or a missing one), then the body.
    const desk = await deskOr404(c);
    const id = param(c, 'id');
    if (!desk || !isUuid(id)) return errorPage(c, 404);
    const parcel = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => parcelTrail(tx, desk.id, id));
    if (!parcel) return errorPage(c, 404);
    const form = await formOf(c);
    const method = form.method === 'signature' ? 'signature' : 'identity';
    const parsed = handOverSchema.safeParse({ method, handedTo: form.handedTo ?? '', signature: form.signature ?? '' });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'handedTo')] ??= i.message.startsWith('concierge.') ? i.message : 'form.invalid';
      return signPage(c, form, errors);
    }
    try {
      const { subscriptionId } = await handOverParcel(c.get('services').database.db, c.get('actor') as Actor, id, parsed.data, c.get('services').config.dataDir);
      return c.redirect(`/concierge/desk/counter/${subscriptionId}?done=handedOver`, 303);
    } catch (e) {
      if (e instanceof FieldError) return signPage(c, form, { [e.field]: e.key });
      return failure(c, e, `/concierge/desk/parcels/${id}`);
    }
  });
  route(app, 'GET', '/concierge/desk/parcels/:id/signature', 'concierge.staff', async (c) => {
    const desk = await deskOr404(c);
    const id = param(c, 'id');
    if (!desk || !isUuid(id)) return errorPage(c, 404);
    const sig = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => parcelSignature(tx, desk.id, id));
    const bytes = sig ? await readStoredFile(c.get('services').config.dataDir, sig.storage_key) : null;
    if (!sig || !bytes) return errorPage(c, 404);
    // A signature is personal data: each reading is audited (who, which parcel), never its content.
    await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) =>
      audit(tx, { action: 'concierge.parcel.signature_viewed', actor: c.get('actor') as Actor, targetType: 'concierge_parcel', targetId: id, details: { sizeBytes: bytes.byteLength } }),
    );
    return attachmentResponse(bytes, { fileName: `signature-${id.slice(0, 8)}.png`, mediaType: sig.media_type });
  });
}
