/**
 * One report chart: ECharts with the SVG renderer (vector in the PDF, crisp at any zoom), no
 * animation (the page is printed as soon as it says it is ready), fixed size for A4.
 */
import { useLayoutEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function ReportChart({ option, width, height, testId, onRendered }: { option: ChartOption; width: number; height: number; testId: string; onRendered: () => void }) {
  const el = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, null, { renderer: 'svg', width, height });
    chart.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option });
    onRendered();
    return () => chart.dispose();
  }, [option, width, height, onRendered]);
  return <div ref={el} className="report-chart" data-testid={testId} style={{ width, height }} />;
}

const AXIS = { axisLine: { lineStyle: { color: '#888' } }, axisLabel: { color: '#333', fontSize: 10 }, splitLine: { lineStyle: { color: '#e4e4e4' } } };

export function lineOption(labels: string[], values: number[]): ChartOption {
  return {
    grid: { left: 44, right: 12, top: 14, bottom: 26 },
    xAxis: { type: 'category', data: labels, boundaryGap: false, ...AXIS, axisLabel: { ...AXIS.axisLabel, interval: Math.max(0, Math.floor(labels.length / 8) - 1) } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [{ type: 'line', data: values, symbol: 'circle', symbolSize: 4, lineStyle: { color: '#c0392b', width: 2 }, itemStyle: { color: '#c0392b' }, areaStyle: { color: 'rgba(192,57,43,0.10)' } }],
  };
}

export function barOption(labels: string[], values: number[], color: string, capacity?: number[]): ChartOption {
  const series: object[] = [{ type: 'bar', data: values, itemStyle: { color }, barMaxWidth: 14, label: { show: true, position: 'right', fontSize: 9, color: '#333' } }];
  if (capacity) series.push({ type: 'bar', data: capacity, itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#999', borderType: 'dashed' }, barGap: '-100%', barMaxWidth: 14, silent: true });
  return {
    grid: { left: 96, right: 28, top: 6, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1, ...AXIS },
    yAxis: { type: 'category', data: labels, inverse: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, width: 88, overflow: 'truncate' } },
    series,
  };
}
