/** Crews × the next 7 days (ECharts heat map): jobs against capacity, leave in grey. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CrewLoad } from '@shared/war-room';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import type { Lang } from '@renderer/i18n/messages';
import { translate } from '@renderer/i18n/messages';
import { useWarRoom } from '@renderer/state/warRoomStore';
import { escapeHtml } from '@renderer/escapeHtml';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, DataZoomComponent, CanvasRenderer]);

function option(data: CrewLoad, lang: Lang): echarts.EChartsCoreOption {
  const crews = [...data.crews].reverse(); // most pressed at the top
  const cells = crews.flatMap((c, y) =>
    c.load.map((n, x) => {
      const leave = c.unavailable[x];
      const cap = c.capacity[x] ?? c.capacityPerDay;
      const ratio = cap > 0 ? n / cap : n > 0 ? 2 : 0;
      const alarm = (leave && n > 0) || n > cap;
      return {
        value: [x, y, leave ? -1 : ratio, n],
        label: { show: true, formatter: leave ? (n > 0 ? `${translate(lang, 'cl.leave')} ${n}` : translate(lang, 'cl.leave')) : String(n) },
        itemStyle: alarm ? { borderColor: '#ff4d4f', borderWidth: 2 } : { borderColor: '#0b1118', borderWidth: 1 },
      };
    }),
  );
  return {
    animation: false,
    grid: { left: 150, right: 24, top: 26, bottom: 8 },
    tooltip: {
      // ECharts sets this string as innerHTML: every server string in it is escaped
      formatter: (p: { value: number[] }) => {
        const [x, y, , n] = p.value as [number, number, number, number];
        const c = crews[y]!;
        const leave = c.unavailable[x] ? ` · ${escapeHtml(translate(lang, 'cl.leave'))} ${escapeHtml(c.unavailable[x])}` : '';
        return `${escapeHtml(c.name)}（${escapeHtml(c.district)}）<br/>${escapeHtml(data.dates[x])}：${n} / ${c.capacity[x] ?? c.capacityPerDay}${leave}`;
      },
    },
    xAxis: { type: 'category', position: 'top', data: data.dates.map((d) => d.slice(5)), axisLabel: { color: '#8899ab' }, axisLine: { show: false }, axisTick: { show: false } },
    yAxis: { type: 'category', data: crews.map((c) => `${c.name} · ${c.capacityPerDay}`), axisLabel: { color: '#d8e2ec', fontSize: 11 }, axisLine: { show: false }, axisTick: { show: false } },
    dataZoom: [{ type: 'inside', yAxisIndex: 0, startValue: Math.max(0, crews.length - 8), endValue: crews.length - 1, zoomLock: true }],
    visualMap: {
      show: false,
      type: 'piecewise',
      dimension: 2,
      pieces: [
        { max: -0.5, color: '#3a4350' },
        { min: -0.5, max: 0.01, color: '#14202c' },
        { min: 0.01, max: 0.5, color: '#1f4d3a' },
        { min: 0.5, max: 0.85, color: '#3e7d3a' },
        { min: 0.85, max: 1.0001, color: '#a6781c' },
        { min: 1.0001, color: '#b3261e' },
      ],
    },
    series: [{ type: 'heatmap', data: cells, label: { color: '#eef4fa', fontSize: 11 } }],
  };
}

export function CrewLoadHeatmap() {
  const t = useT();
  const [lang] = useLang();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // the war room's one crew-load read (crewLoadSync.ts), shared with the crew layer and the filter
  const data = useWarRoom((s) => s.crewLoad);
  const error = useWarRoom((s) => s.problems.crews ?? null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (data) chart.current?.setOption(option(data, lang), true);
  }, [data, lang]);
  return (
    <div className="crew-load" data-testid="crew-load" data-crews={data?.crews.length ?? 0}>
      {error && <div className="panel-error" role="alert">{t('banner.action', { error })}</div>}
      {!data && !error && <div className="panel-empty">{t('cl.loading')}</div>}
      <div ref={el} className="crew-load__chart" role="img" aria-label={t('tab.crewLoad')} />
      <div className="crew-load__legend">{t('cl.legend')}</div>
    </div>
  );
}
