import type { Translate } from '../../../platform/i18n/index.js';

/**
 * The confirm step of lowering a sensitive programme to "normal" while it has a named team (no JavaScript): shown
 * only once the change was refused for want of it; says who loses what and links to the team to see who is in it.
 */
export function ConfirmLowering(props: { t: Translate; error?: string; programmeId?: string | null }) {
  if (!props.error || !props.programmeId) return null;
  const { t } = props;
  return (
    <div>
      <span class="error" id="f-confirmLowering-error">
        {t(props.error)}
      </span>
      <p class="hint">
        <a href={`/support/programmes/${props.programmeId}/team`}>{t('support.lower.seeTeam')}</a>
      </p>
      <label class="check">
        <input id="f-confirmLowering" type="checkbox" name="confirmLowering" aria-describedby="f-confirmLowering-error" aria-invalid="true" /> {t('support.lower.confirm')}
      </label>
    </div>
  );
}
