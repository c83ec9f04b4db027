/** One bar: its label, its value (null when hidden or not computable) and the value as displayed. */
export type Bar = { label: string; value: number | null; display: string };

const WIDTH = 320;
const ROW = 40;
const clip = (s: string) => (s.length > 44 ? `${s.slice(0, 43)}…` : s);

/**
 * A horizontal bar chart drawn on the server as SVG: readable on a 360 px phone, no script, named
 * by its title and summarised in its description for screen readers. The data table beside it
 * carries the same figures; the chart never stands alone.
 */
export function BarChart(props: { id: string; title: string; summary: string; bars: Bar[]; max?: number }) {
  const max = props.max ?? Math.max(1, ...props.bars.map((b) => b.value ?? 0));
  const height = props.bars.length * ROW + 8;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${props.id}-t ${props.id}-d`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${props.id}-t`}>{props.title}</title>
        <desc id={`${props.id}-d`}>{props.summary}</desc>
        {props.bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = b.value === null ? 0 : Math.max(2, Math.round((b.value / max) * (WIDTH - 70)));
          return (
            <g>
              <text x="0" y={y + 12} font-size="12" fill="#1b1b1b">
                {clip(b.label)}
              </text>
              {b.value !== null && <rect x="0" y={y + 17} width={w} height="14" fill="#0b4f9c" />}
              <text x={w + 4} y={y + 29} font-size="12" fill="#1b1b1b">
                {b.display}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{props.summary}</figcaption>
    </figure>
  );
}
