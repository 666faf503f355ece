// An interactive ECharts chart with "PNG" and "SVG" download buttons. The option may depend on the chart's width
// (label margins, legends), and is rebuilt when the width changes.
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { renderSvg, type Option } from '../charts';
import { download } from '../util';

export function Chart({
  option,
  name,
  height = 420,
  title,
  subtitle,
  decorate,
  badge,
}: {
  option: Option | ((width: number) => Option);
  name: string;
  height?: number;
  title?: string;
  subtitle?: string;
  /** Called after every render and resize, to add interactive elements that depend on the layout (draggable points). */
  decorate?: (chart: echarts.ECharts) => void;
  /** Shown beside the title (an out-of-date badge). */
  badge?: ReactNode;
}) {
  const decorateRef = useRef(decorate);
  decorateRef.current = decorate;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [width, setWidth] = useState(860);
  const resolved = useMemo(() => (typeof option === 'function' ? option(width) : option), [option, width]);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    setWidth(el.current.clientWidth || 860);
    const ro = new ResizeObserver(() => {
      c.resize();
      if (el.current?.clientWidth) setWidth(el.current.clientWidth);
      decorateRef.current?.(c);
    });
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    chart.current.setOption(resolved, { notMerge: true });
    decorateRef.current?.(chart.current);
  }, [resolved]);

  const png = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) fetch(url).then((r) => r.blob()).then((b) => download(`${name}.png`, b));
  };
  const svg = () => download(`${name}.svg`, renderSvg(resolved, width, height), 'image/svg+xml');

  return (
    <figure className="chart" data-chart={name}>
      <figcaption>
        <div>
          {title && (
            <h3>
              {title} {badge}
            </h3>
          )}
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
        <div className="chart-actions">
          <button className="ghost small" onClick={png} title="Download as PNG">
            PNG
          </button>
          <button className="ghost small" onClick={svg} title="Download as SVG">
            SVG
          </button>
        </div>
      </figcaption>
      <div ref={el} style={{ height }} className="chart-canvas" />
    </figure>
  );
}
