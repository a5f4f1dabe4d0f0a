// Charts of /stats: ECharts renders SVG on the server (no DOM, no canvas); the web panel
// shows that SVG, and resvg rasterises it to PNG for the messenger. Text needs a font with Cyrillic among the system fonts
// (DejaVu in the Docker image).
// Both libraries load on the first chart, not at the process's start: together they cost
// about a second of start-up CPU, and most processes never draw a chart.
import type * as Echarts from 'echarts';
import { shortDay } from '../policy/days.js';
import type { StatsFigures } from './stats-query.js';

const WIDTH = 900;
const HEIGHT = 500;
const FONT = 'DejaVu Sans, sans-serif';

type Libraries = { echarts: typeof Echarts; Resvg: typeof import('@resvg/resvg-js').Resvg };
let libraries: Promise<Libraries> | undefined;
const load = (): Promise<Libraries> =>
  (libraries ??= Promise.all([import('echarts'), import('@resvg/resvg-js')]).then(([echarts, resvg]) => ({ echarts, Resvg: resvg.Resvg })));

/**
 * The size a chart is drawn at: the messenger's PNG is 900×500; the panel asks for the width it
 * shows the chart at, so that the text is drawn at its own size (12 px) and not shrunk.
 */
export interface ChartSize {
  width: number;
  height: number;
}

export const MESSENGER_SIZE: ChartSize = { width: WIDTH, height: HEIGHT };

/** Widths the panel may ask for; narrower ones are drawn taller, so the legend's lines fit. */
export const MIN_CHART_WIDTH = 300;
export const MAX_CHART_WIDTH = 1200;

/** The size for a requested width (clamped), or the messenger's size when none is asked. */
export function chartSize(width?: number): ChartSize {
  if (width === undefined || !Number.isFinite(width)) return MESSENGER_SIZE;
  const w = Math.round(Math.min(MAX_CHART_WIDTH, Math.max(MIN_CHART_WIDTH, width)));
  return { width: w, height: w < 600 ? 420 : Math.round(w * 0.55) };
}

/** Layout that depends on the width: on a phone the legend is a column under the chart, one line a series. */
function layout(size: ChartSize, series: number) {
  const narrow = size.width < 600;
  return {
    legend: narrow
      ? { orient: 'vertical' as const, left: 8, bottom: 4, itemGap: 4, textStyle: { fontFamily: FONT, fontSize: 12 } }
      : { bottom: 0, textStyle: { fontFamily: FONT, fontSize: 12 } },
    grid: { left: narrow ? 8 : 50, right: narrow ? 12 : 20, top: 50, bottom: narrow ? 18 * series + 16 : 60 },
    title: (text: string) => ({ text, left: 'center', textStyle: { fontFamily: FONT, fontSize: narrow ? 14 : 16 } }),
  };
}

async function svgOf(option: Echarts.EChartsOption, size: ChartSize = MESSENGER_SIZE): Promise<string> {
  const { echarts } = await load();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

async function png(svg: string): Promise<Buffer> {
  const { Resvg } = await load();
  return new Resvg(svg, { fitTo: { mode: 'width', value: WIDTH }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}

/** Bars by class as PNG (the messenger). */
export async function classesChart(f: StatsFigures, title: string): Promise<Buffer> {
  return png(await classesChartSvg(f, title));
}

/** A line of activity by day as PNG (the messenger). */
export async function activityChart(f: StatsFigures, title: string): Promise<Buffer> {
  return png(await activityChartSvg(f, title));
}

/** More classes than this do not fit as bars: the chart shows those with the most to look at. */
export const CHART_MAX_CLASSES = 40;

/** Bars by class: students, parents, waiting, violations over the period (at most CHART_MAX_CLASSES). */
export function classesChartSvg(f: StatsFigures, title: string, size: ChartSize = MESSENGER_SIZE): Promise<string> {
  const l = layout(size, 4);
  const weight = (u: StatsFigures['units'][number]) => u.waiting * 1_000_000 + u.violations * 1_000 + (u.byRole.student ?? 0) + (u.byRole.parent ?? 0);
  const units =
    f.units.length <= CHART_MAX_CLASSES
      ? f.units
      : [...f.units]
          .sort((a, b) => weight(b) - weight(a))
          .slice(0, CHART_MAX_CLASSES)
          .sort((a, b) => f.units.indexOf(a) - f.units.indexOf(b));
  const shown = units.length < f.units.length ? `${title} (${units.length} из ${f.units.length})` : title;
  return svgOf(
    {
      title: l.title(shown),
      legend: l.legend,
      grid: { ...l.grid, containLabel: true },
      // Labels are 12 px whatever the width; crowded ones turn (a phone fits about six upright).
      xAxis: {
        type: 'category',
        data: units.map((u) => u.name),
        axisLabel: { fontFamily: FONT, fontSize: 12, interval: 0, rotate: units.length > (size.width < 600 ? 6 : 12) ? 45 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 12 } },
      series: [
        { name: 'Ученики', type: 'bar', data: units.map((u) => u.byRole.student ?? 0) },
        { name: 'Родители', type: 'bar', data: units.map((u) => u.byRole.parent ?? 0) },
        { name: 'Ждут подтверждения', type: 'bar', data: units.map((u) => u.waiting) },
        { name: 'Нарушения', type: 'bar', data: units.map((u) => u.violations) },
      ],
    },
    size,
  );
}

/** A line of activity by day: messages in bound chats and other counted events. */
export function activityChartSvg(f: StatsFigures, title: string, size: ChartSize = MESSENGER_SIZE): Promise<string> {
  const l = layout(size, 2);
  return svgOf(
    {
      title: l.title(title),
      legend: l.legend,
      grid: { ...l.grid, containLabel: true },
      xAxis: { type: 'category', data: f.daily.map((d) => shortDay(d.day)), axisLabel: { fontFamily: FONT, fontSize: 12 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 12 } },
      series: [
        { name: 'Сообщения в чатах', type: 'line', data: f.daily.map((d) => d.messages), showSymbol: f.daily.length <= 31 },
        { name: 'Заявки, приглашения, нарушения и др.', type: 'line', data: f.daily.map((d) => d.events), showSymbol: f.daily.length <= 31 },
      ],
    },
    size,
  );
}
