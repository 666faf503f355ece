// An interactive ECharts chart with "PNG" and "SVG" download buttons.
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';
import { renderSvg, type Option } from '../charts';
import { download } from '../util';

export function Chart({
  option,
  name,
  height = 420,
  title,
  subtitle,
  decorate,
}: {
  option: Option;
  name: string;
  height?: number;
  title?: string;
  subtitle?: string;
  /** Called after every render and resize, to add interactive elements that depend on the layout (draggable points). */
  decorate?: (chart: echarts.ECharts) => void;
}) {
  const decorateRef = useRef(decorate);
  decorateRef.current = decorate;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => {
      c.resize();
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
    chart.current.setOption(option, { notMerge: true });
    decorateRef.current?.(chart.current);
  }, [option]);

  const width = () => el.current?.clientWidth ?? 860;
  const png = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) fetch(url).then((r) => r.blob()).then((b) => download(`${name}.png`, b));
  };
  const svg = () => download(`${name}.svg`, renderSvg(option, width(), height), 'image/svg+xml');

  return (
    <figure className="chart" data-chart={name}>
      <figcaption>
        <div>
          {title && <h3>{title}</h3>}
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
