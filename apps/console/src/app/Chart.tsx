import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';

// Only what the console draws, so the bundle stays small. Canvas, not SVG: a programme's
// 72 months by 8 networks are some 600 shapes, which SVG makes DOM nodes of (a 300-450 ms
// task on the overview, measured in Chromium); the figures are in the table beside it.
use([
  BarChart,
  LineChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/**
 * An ECharts chart. Values given to a chart are for drawing only (ECharts plots numbers);
 * every figure a reader can read off or export comes from the exact table beside it.
 */
export function Chart({
  option,
  height = 320,
  testId,
}: {
  option: ChartOption;
  height?: number;
  testId?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const target = element.current;
    let chart: ReturnType<typeof init> | undefined;
    // Drawn after the page's figures have painted: the chart illustrates, the tables inform.
    const frame = requestAnimationFrame(() => {
      chart = init(target, undefined, { renderer: 'canvas' });
      chart.setOption(option);
    });
    const resize = () => chart?.resize();
    window.addEventListener('resize', resize);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={element} style={{ height }} data-testid={testId} className="chart" />;
}
