// The run history as a chart (ECharts): one bar per run, its height the duration, its colour the
// status. Call the returned function with the runs, or with null to dispose of the chart.
const COLOURS = { SUCCESS: '#2e7d32', FAILED: '#a12622', TIMEOUT: '#a12622', INTERRUPTED: '#a12622',
  SKIPPED: '#b8860b', RUNNING: '#1d5fa8' };

export function runChart(element) {
  let chart = null;
  return (runs) => {
    if (runs === null) {
      if (chart) chart.dispose();
      return;
    }
    if (!window.echarts) return;
    if (!chart) chart = window.echarts.init(element, null, { renderer: 'canvas' });
    const ordered = [...runs].reverse();
    chart.setOption({
      animation: false,
      grid: { left: 60, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: 'item', formatter: (p) => `#${p.data.id} ${p.data.status}<br>${p.data.value} s` },
      xAxis: { type: 'category', data: ordered.map((r) => (r.startedAt || '').replace('T', ' ').slice(5, 16)) },
      yAxis: { type: 'value', name: 'seconds' },
      series: [{
        type: 'bar',
        data: ordered.map((r) => ({ id: r.id, status: r.status, value: (r.durationMs || 0) / 1000,
          itemStyle: { color: COLOURS[r.status] || '#888' } })),
      }],
    });
  };
}
