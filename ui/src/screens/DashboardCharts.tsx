import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Spin } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { normaliseError, useBackend, type ChartCountView, type ChartsView, type ErrorView } from '../backend';
import { categoryLabel, useI18n } from '../i18n';
import { ErrorAlert } from '../components/ErrorAlert';

/** How many months the charts look back (this one included). */
export const CHART_MONTHS = 12;

/** Villages drawn one by one; the rest are summed in a line under the chart. */
const VILLAGES_SHOWN = 8;

const BLUE = '#2f6690';
const COLORS = { leaves: '#5b8db8', sanctions: '#cf6b3a', praises: '#4f9a6b' };

/**
 * 统计概况: on register per month, who is in correction by category and by village, and
 * leaves and sanctions per month — counts only, for the session's jurisdiction.
 */
export function DashboardCharts({ onLocked }: { onLocked: () => void }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [view, setView] = useState<ChartsView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    let live = true;
    backend.dashboardCharts(CHART_MONTHS).then(
      (v) => live && setView(v),
      (reason) => {
        if (!live) return;
        const e = normaliseError(reason);
        if (e.code === 'locked') onLocked();
        else setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [backend, onLocked]);

  return (
    <section className="dash-charts" data-testid="dash-charts" aria-label={t.chartsTitle}>
      <h2 className="dash-title dash-charts-title">
        <BarChartOutlined aria-hidden /> {t.chartsTitle}
        {view && <span className="dash-group-count">{t.chartsAsOf(view.today)}</span>}
      </h2>
      {error ? (
        <ErrorAlert error={error} testId="charts-error" />
      ) : !view ? (
        <div className="dash-loading">
          <Spin description={t.chartsLoading} />
        </div>
      ) : view.months.every((m) => m.on_register === 0) && view.by_village.length === 0 ? (
        <div className="muted" data-testid="charts-empty">
          {t.chartsEmpty}
        </div>
      ) : (
        <div className="dash-charts-grid">
          <RegisterChart view={view} />
          <CategoryChart view={view} />
          <VillageChart view={view} />
          <ActivityChart view={view} />
        </div>
      )}
    </section>
  );
}

/** A chart's card: its title, a sentence with the figure that matters, then the drawing. */
function ChartCard({
  title,
  summary,
  testId,
  children,
}: {
  title: string;
  summary: ReactNode;
  testId: string;
  children: (width: number) => ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  return (
    <figure className="dash-card dash-chart" data-testid={testId}>
      <figcaption>
        <h3 className="dash-card-title">{title}</h3>
        <div className="dash-chart-summary" data-testid="chart-summary">
          {summary}
        </div>
      </figcaption>
      <div ref={box} className="dash-chart-box">
        {children(width)}
      </div>
    </figure>
  );
}

/**
 * The width of `ref`'s element, followed as the window resizes; 320 until it is measured
 * (and in jsdom, which measures nothing), so the charts always draw.
 */
function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(320);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

const AXIS = { fontSize: 13, fill: '#52606d' };

function RegisterChart({ view }: { view: ChartsView }) {
  const { t } = useI18n();
  const now = view.months[view.months.length - 1]?.on_register ?? 0;
  return (
    <ChartCard title={t.chartsRegisterTitle} summary={<strong>{t.chartsRegisterNow(now)}</strong>} testId="chart-register">
      {(width) => (
        <LineChart width={width} height={190} data={view.months} margin={{ top: 20, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#eef2f6" vertical={false} />
          <XAxis dataKey="month" tickFormatter={t.chartsMonthTick} tick={AXIS} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={AXIS} />
          <Tooltip
            labelFormatter={(m) => t.chartsMonthFull(String(m))}
            formatter={(v) => [t.chartsPeople(Number(v)), t.chartsRegisterTitle]}
          />
          <Line
            type="monotone"
            dataKey="on_register"
            stroke={BLUE}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          >
            <LabelList dataKey="on_register" position="top" fontSize={12} fill="#334e68" />
          </Line>
        </LineChart>
      )}
    </ChartCard>
  );
}

/** Horizontal bars with the count at each bar's end. */
function CountBars({ data, width, labelWidth }: { data: ChartCountView[]; width: number; labelWidth: number }) {
  const { t } = useI18n();
  return (
    <BarChart
      width={width}
      height={Math.max(80, data.length * 30 + 10)}
      data={data}
      layout="vertical"
      margin={{ top: 0, right: 36, bottom: 0, left: 0 }}
    >
      <XAxis type="number" hide allowDecimals={false} />
      <YAxis type="category" dataKey="label" width={labelWidth} tick={AXIS} tickLine={false} axisLine={false} />
      <Tooltip cursor={{ fill: '#f0f6fb' }} formatter={(v) => [t.chartsPeople(Number(v)), '']} separator="" />
      <Bar dataKey="count" fill={BLUE} barSize={16} radius={[0, 3, 3, 0]} isAnimationActive={false}>
        <LabelList dataKey="count" position="right" fontSize={13} fill="#1f2933" />
      </Bar>
    </BarChart>
  );
}

function CategoryChart({ view }: { view: ChartsView }) {
  const { lang, t } = useI18n();
  const data = view.by_category.map((c) => ({ ...c, label: lang === 'zh' ? c.label : categoryLabel(lang, c.key) }));
  const total = data.reduce((n, c) => n + c.count, 0);
  return (
    <ChartCard title={t.chartsCategoryTitle} summary={t.count(total)} testId="chart-category">
      {(width) => <CountBars data={data} width={width} labelWidth={lang === 'zh' ? 96 : 150} />}
    </ChartCard>
  );
}

/** A village's name without the committee suffix the bars have no room for. */
export function shortVillage(name: string): string {
  return name.replace(/(村民委员会|村委会)$/, '村').replace(/(居民委员会|居委会)$/, '');
}

function VillageChart({ view }: { view: ChartsView }) {
  const { t } = useI18n();
  const shown = view.by_village.slice(0, VILLAGES_SHOWN).map((v) => ({ ...v, label: shortVillage(v.label) }));
  const rest = view.by_village.slice(VILLAGES_SHOWN);
  const restPeople = rest.reduce((n, v) => n + v.count, 0);
  return (
    <ChartCard
      title={t.chartsVillageTitle}
      summary={rest.length > 0 ? t.chartsVillageRest(rest.length, restPeople) : t.count(view.by_village.reduce((n, v) => n + v.count, 0))}
      testId="chart-village"
    >
      {(width) => <CountBars data={shown} width={width} labelWidth={110} />}
    </ChartCard>
  );
}

function ActivityChart({ view }: { view: ChartsView }) {
  const { t } = useI18n();
  const sum = (k: 'leaves' | 'sanctions' | 'praises') => view.months.reduce((n, m) => n + m[k], 0);
  return (
    <ChartCard
      title={t.chartsActivityTitle}
      summary={t.chartsActivitySum(view.months.length, sum('leaves'), sum('sanctions'), sum('praises'))}
      testId="chart-activity"
    >
      {(width) => (
        <BarChart width={width} height={210} data={view.months} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#eef2f6" vertical={false} />
          <XAxis dataKey="month" tickFormatter={t.chartsMonthTick} tick={AXIS} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={AXIS} />
          <Tooltip labelFormatter={(m) => t.chartsMonthFull(String(m))} formatter={(v, name) => [t.chartsTimes(Number(v)), name]} />
          <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
          <Bar dataKey="leaves" name={t.chartsLeaves} fill={COLORS.leaves} isAnimationActive={false} />
          <Bar dataKey="sanctions" name={t.chartsSanctions} fill={COLORS.sanctions} isAnimationActive={false} />
          <Bar dataKey="praises" name={t.chartsPraises} fill={COLORS.praises} isAnimationActive={false} />
        </BarChart>
      )}
    </ChartCard>
  );
}
