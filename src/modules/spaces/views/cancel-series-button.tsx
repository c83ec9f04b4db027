import type { Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';

/** A set whose `add` says whether the value is new: lets a list show something once per series. */
export class OnceSet {
  private seen = new Set<string>();
  add(v: string): boolean {
    if (this.seen.has(v)) return false;
    this.seen.add(v);
    return true;
  }
}

/** "Cancel the whole series": every date still ahead, in one action. */
export function CancelSeriesButton(p: { t: Translate; csrf: string; action: string; label: string }) {
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      <button type="submit" aria-label={p.label}>
        {p.t('spaces.series.cancel')}
      </button>
    </PostForm>
  );
}
