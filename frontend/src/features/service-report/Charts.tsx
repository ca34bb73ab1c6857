// The report's charts, drawn with plain elements (no charting library): horizontal bars for
// groups (owners, queues, products), columns for periods. Each has a text alternative; the table
// below them holds the same figures.
import { Group, Text, Tooltip } from '@mantine/core';

import classes from './Charts.module.css';

export type Series = { name: string; color: string };
export type Datum = { key: string; label: string; values: (number | null)[] };

function Legend({ series }: { series: readonly Series[] }) {
  return (
    <div className={classes.legend} aria-hidden>
      {series.map((s) => (
        <Text key={s.name} size="xs" c="dimmed">
          <span className={classes.swatch} style={{ background: s.color }} />
          {s.name}
        </Text>
      ))}
    </div>
  );
}

function maxOf(data: readonly Datum[]): number {
  return Math.max(0, ...data.flatMap((d) => d.values.map((v) => v ?? 0)));
}

/** A rounded top for the scale, so the gridlines fall on readable values. */
function niceMax(max: number): number {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 3, 5, 10].map((s) => s * magnitude).find((s) => s * 4 >= max) ?? magnitude * 10;
  return step * 4;
}

type ChartProps = {
  label: string;
  series: readonly Series[];
  data: readonly Datum[];
  format: (value: number) => string;
  /** The scale's values, when they read better shorter than `format`. */
  axis?: (value: number) => string;
};

function summary({ label, series, data, format }: ChartProps): string {
  return `${label}: ${data
    .slice(0, 12)
    .map((d) => `${d.label} ${series.map((s, i) => `${s.name.toLowerCase()} ${d.values[i] === null || d.values[i] === undefined ? 'none' : format(d.values[i])}`).join(', ')}`)
    .join('; ')}${data.length > 12 ? '…' : ''}`;
}

export function BarList(props: ChartProps) {
  const { series, data, format } = props;
  const max = maxOf(data) || 1;
  return (
    <div role="img" aria-label={summary(props)}>
      <Legend series={series} />
      <div style={{ marginTop: 8 }}>
        {data.map((d) => (
          <div key={d.key} className={classes.barRow}>
            <span className={classes.barLabel} title={d.label}>
              {d.label}
            </span>
            <div className={classes.bars}>
              {series.map((s, i) => {
                const value = d.values[i] ?? null;
                return (
                  <div key={s.name} className={classes.barLine}>
                    {value !== null && <div className={classes.bar} style={{ width: `${(value / max) * 85}%`, background: s.color }} />}
                    <span className={classes.barValue}>{value === null ? '—' : format(value)}</span>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

export function ColumnChart(props: ChartProps) {
  const { series, data, format, axis = format } = props;
  const top = niceMax(maxOf(data));
  const every = Math.max(1, Math.ceil(data.length / 12));
  return (
    <div role="img" aria-label={summary(props)}>
      <Group justify="flex-end" mb="xs">
        <Legend series={series} />
      </Group>
      <div className={classes.plot}>
        {[1, 0.75, 0.5, 0.25].map((share) => (
          <div key={share} className={classes.gridline} style={{ top: `${(1 - share) * 100}%` }}>
            <span className={classes.gridValue}>{axis(top * share)}</span>
          </div>
        ))}
        <div className={classes.columns}>
          {data.map((d) => (
            <Tooltip
              key={d.key}
              withArrow
              label={
                <>
                  <Text size="xs" fw={600}>
                    {d.label}
                  </Text>
                  {series.map((s, i) => (
                    <Text key={s.name} size="xs">
                      {s.name}: {d.values[i] === null || d.values[i] === undefined ? '—' : format(d.values[i])}
                    </Text>
                  ))}
                </>
              }
            >
              <div className={classes.group}>
                {series.map((s, i) => (
                  <div key={s.name} className={classes.column} style={{ height: `${((d.values[i] ?? 0) / top) * 100}%`, background: s.color }} />
                ))}
              </div>
            </Tooltip>
          ))}
        </div>
      </div>
      <div className={classes.xLabels} aria-hidden>
        {data.map((d, i) => (
          <span key={d.key} className={classes.xLabel}>
            {i % every === 0 ? d.label : ''}
          </span>
        ))}
      </div>
    </div>
  );
}
