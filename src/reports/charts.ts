// Charts of /stats: ECharts renders SVG on the server (no DOM, no canvas); the web panel
// shows that SVG, and resvg rasterises it to PNG for the messenger. Text needs a font with Cyrillic among the system fonts
// (DejaVu in the Docker image).
// Both libraries load on the first chart, not at the process's start: together they cost
// about a second of start-up CPU, and most processes never draw a chart.
import type * as Echarts from 'echarts';
import { shortDay } from './days.js';
import type { StatsFigures } from './stats-query.js';

const WIDTH = 900;
const HEIGHT = 500;
const FONT = 'DejaVu Sans, sans-serif';

type Libraries = { echarts: typeof Echarts; Resvg: typeof import('@resvg/resvg-js').Resvg };
let libraries: Promise<Libraries> | undefined;
const load = (): Promise<Libraries> =>
  (libraries ??= Promise.all([import('echarts'), import('@resvg/resvg-js')]).then(([echarts, resvg]) => ({ echarts, Resvg: resvg.Resvg })));

async function svgOf(option: Echarts.EChartsOption): Promise<string> {
  const { echarts } = await load();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
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
export function classesChartSvg(f: StatsFigures, title: string): Promise<string> {
  const weight = (u: StatsFigures['units'][number]) => u.waiting * 1_000_000 + u.violations * 1_000 + (u.byRole.student ?? 0) + (u.byRole.parent ?? 0);
  const units = f.units.length <= CHART_MAX_CLASSES ? f.units : [...f.units].sort((a, b) => weight(b) - weight(a)).slice(0, CHART_MAX_CLASSES).sort((a, b) => f.units.indexOf(a) - f.units.indexOf(b));
  const shown = units.length < f.units.length ? `${title} (${units.length} из ${f.units.length})` : title;
  return svgOf({
    title: { text: shown, left: 'center', textStyle: { fontFamily: FONT, fontSize: 16 } },
    legend: { bottom: 0, textStyle: { fontFamily: FONT } },
    grid: { left: 50, right: 20, top: 50, bottom: 60 },
    xAxis: { type: 'category', data: units.map((u) => u.name), axisLabel: { fontFamily: FONT, interval: 0, rotate: units.length > 12 ? 45 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Ученики', type: 'bar', data: units.map((u) => u.byRole.student ?? 0) },
      { name: 'Родители', type: 'bar', data: units.map((u) => u.byRole.parent ?? 0) },
      { name: 'Ждут подтверждения', type: 'bar', data: units.map((u) => u.waiting) },
      { name: 'Нарушения', type: 'bar', data: units.map((u) => u.violations) },
    ],
  });
}

/** A line of activity by day: messages in bound chats and other counted events. */
export function activityChartSvg(f: StatsFigures, title: string): Promise<string> {
  return svgOf({
    title: { text: title, left: 'center', textStyle: { fontFamily: FONT, fontSize: 16 } },
    legend: { bottom: 0, textStyle: { fontFamily: FONT } },
    grid: { left: 50, right: 20, top: 50, bottom: 60 },
    xAxis: { type: 'category', data: f.daily.map((d) => shortDay(d.day)), axisLabel: { fontFamily: FONT } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Сообщения в чатах', type: 'line', data: f.daily.map((d) => d.messages), showSymbol: f.daily.length <= 31 },
      { name: 'Заявки, приглашения, нарушения и др.', type: 'line', data: f.daily.map((d) => d.events), showSymbol: f.daily.length <= 31 },
    ],
  });
}
