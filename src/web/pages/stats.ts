// «Статистика»: the same figures, charts and workbook as /stats (src/reports): the summary,
// the two ECharts charts as SVG (the messenger gets them as PNG), and the .xlsx download.
import { ownWordsIn } from '../../policy/unit-word.js';
import type { Reports } from '../../reports/index.js';
import type { StatsFigures } from '../../reports/stats-query.js';
import { statsScopeOf } from '../../reports/builder.js';
import { activityChartSvg, chartSize, classesChartSvg } from '../../reports/charts.js';
import { PERIODS } from '../../policy/days.js';
import { STATS_TEXTS } from '../../reports/texts.js';
import { statsTables, workbook } from '../../reports/workbook.js';
import { withUnitWord } from '../../policy/unit-word.js';
import { html, type Html } from '../html.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';

const T = ownWordsIn({
  title: 'Статистика',
  noUnits: STATS_TEXTS.noUnits,
  download: 'Скачать .xlsx',
});

const FIGURES_KEPT_MS = 15_000;

const periodOf = (q: Query) => ((PERIODS as readonly number[]).includes(Number(q.period)) ? Number(q.period) : PERIODS[0]);

export function statsFeature(s: PanelServices, reports: Pick<Reports, 'query'>): PanelFeature {
  const org = s.organisation;

  // A page and its two charts ask for the same figures within a second: they are kept for a
  // short while per scope and period (counts only, no names).
  const recent = new Map<string, { at: number; f: Promise<StatsFigures> }>();

  /** The figures the viewer may see (the same scope /stats uses), or null. */
  async function figures(v: Viewer, period: number) {
    const scope = await statsScopeOf(org, v.userId);
    if (!scope || (scope.scope.kind === 'units' && scope.scope.unitIds.length === 0)) return null;
    const key = `${period}:${scope.scope.kind === 'all' ? '*' : scope.scope.unitIds.join(',')}`;
    const now = Date.now();
    for (const [k, e] of recent) if (now - e.at > FIGURES_KEPT_MS) recent.delete(k);
    let entry = recent.get(key);
    if (!entry) {
      entry = { at: now, f: reports.query.figures(period, scope.scope, org.now()) };
      recent.set(key, entry);
      entry.f.catch(() => recent.delete(key));
    }
    return { title: scope.title, f: await entry.f };
  }

  async function render(v: Viewer, q: Query): Promise<Html> {
    const period = periodOf(q);
    const r = await figures(v, period);
    const links = html`<nav class="pager">${PERIODS.map((p) => html`<a href="/app/stats?period=${p}"${p === period ? html` aria-current="page"` : ''}>${STATS_TEXTS.periodButton(p)}</a>`)}</nav>`;
    if (!r) return html`${links}<p>${T.noUnits}</p>`;
    // The charts and the file need the session's header: panel.js fetches a data-src (and a
    // download link) itself and shows the answer from a blob: URL.
    return html`${links}<div class="card pre">${STATS_TEXTS.summary(r.f, r.title)}</div>
<p><a href="/app/stats/stats.xlsx?period=${period}" download="${STATS_TEXTS.statsFile(period)}">${T.download}</a></p>
<div class="chart"><img data-src="/app/stats/classes.svg?period=${period}" alt="${STATS_TEXTS.chartClasses}"></div>
<div class="chart"><img data-src="/app/stats/activity.svg?period=${period}" alt="${STATS_TEXTS.chartActivity}"></div>`;
  }

  const svgFile = (path: string, chart: typeof classesChartSvg, title: string) => ({
    path,
    command: 'stats' as const,
    async send(v: Viewer, q: Query, reply: import('fastify').FastifyReply) {
      const r = await figures(v, periodOf(q));
      if (!r) return reply.code(404).type('text/plain; charset=utf-8').send(T.noUnits);
      // The width the page shows the chart at (panel.js asks with it), so its text is not shrunk.
      const width = /^\d{2,5}$/.test(q.w ?? '') ? Number(q.w) : undefined;
      return reply
        .type('image/svg+xml; charset=utf-8')
        .send(await chart(r.f, withUnitWord(title, (await s.organisation.org.settings()).unitWord), chartSize(width)));
    },
  });

  return {
    pages: [{ path: '/stats', title: T.title, command: 'stats', nav: true, render }],
    files: [
      svgFile('/stats/classes.svg', classesChartSvg, STATS_TEXTS.chartClasses),
      svgFile('/stats/activity.svg', activityChartSvg, STATS_TEXTS.chartActivity),
      {
        path: '/stats/stats.xlsx',
        command: 'stats',
        async send(v, q, reply) {
          const period = periodOf(q);
          const r = await figures(v, period);
          if (!r) return reply.code(404).type('text/plain; charset=utf-8').send(T.noUnits);
          return reply
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="${STATS_TEXTS.statsFile(period)}"`)
            .send(await workbook(statsTables(r.f), (await s.organisation.org.settings()).unitWord));
        },
      },
    ],
  };
}
