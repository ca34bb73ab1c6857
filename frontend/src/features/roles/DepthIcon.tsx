// A depth as a circle filled as far as it reaches: empty (none) to full (organization).
import type { Depth } from '@/shared/session/privileges';

const FILL: Record<Depth, number> = { none: 0, own: 0.25, business_unit: 0.5, business_unit_tree: 0.75, organization: 1 };

export function DepthIcon({ depth, size = 18 }: { depth: Depth; size?: number }) {
  const fraction = FILL[depth];
  const r = 7;
  const c = 9;
  const color = depth === 'none' ? 'var(--mantine-color-gray-5)' : 'var(--mantine-color-blue-6)';
  let slice = null;
  if (fraction >= 1) {
    slice = <circle cx={c} cy={c} r={r} fill={color} />;
  } else if (fraction > 0) {
    const angle = fraction * 2 * Math.PI;
    const x = c + r * Math.sin(angle);
    const y = c - r * Math.cos(angle);
    const large = fraction > 0.5 ? 1 : 0;
    slice = <path d={`M ${c} ${c} L ${c} ${c - r} A ${r} ${r} 0 ${large} 1 ${x} ${y} Z`} fill={color} />;
  }
  return (
    <svg width={size} height={size} viewBox="0 0 18 18" aria-hidden="true" style={{ flexShrink: 0 }}>
      <circle cx={c} cy={c} r={r} fill="none" stroke={color} strokeWidth={1.5} />
      {slice}
    </svg>
  );
}
