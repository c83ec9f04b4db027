import type { Child } from 'hono/jsx';

/** A table that may scroll sideways on a phone: the scroll area is focusable and named for keyboard users. */
export function TableWrap(props: { label: string; children: Child }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <div class="table-wrap" tabindex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}
