import type { Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';

/** Approve or refuse one request, two buttons of one form (works without script). */
export function DecideForm(props: { t: Translate; csrf: string; id: string; name: string; next: string }) {
  const { t } = props;
  return (
    <PostForm action={`/community/manage/registrations/${props.id}/decide`} csrf={props.csrf}>
      <input type="hidden" name="next" value={props.next} />
      <button type="submit" name="decision" value="approve">
        {t('community.approval.approve', { name: props.name })}
      </button>{' '}
      <button type="submit" name="decision" value="refuse">
        {t('community.approval.refuse', { name: props.name })}
      </button>
    </PostForm>
  );
}
