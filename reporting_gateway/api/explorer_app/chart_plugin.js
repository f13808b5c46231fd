// The chart pane: a GraphiQL plugin drawing the active tab's last response with Chart.js, a
// timeseries as one line per series over its time buckets, a statistics answer as bars. The
// legend is HTML beside the canvas, so that it can be read, selected and tested.

import React from "react";
import { useGraphiQL } from "@graphiql/react";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { chartsOf } from "./charts.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

const h = React.createElement;
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf"];
const color = (i) => COLORS[i % COLORS.length];

function ChartView({ chart }) {
  const canvas = React.useRef(null);
  React.useEffect(() => {
    const line = chart.kind === "line";
    const drawn = new Chart(canvas.current, {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map((set, i) => ({
          ...set,
          borderColor: line ? color(i) : chart.labels.map((_, j) => color(j)),
          backgroundColor: line ? color(i) : chart.labels.map((_, j) => color(j)),
          pointRadius: line && chart.labels.length > 60 ? 0 : 2,
          tension: 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true } },
        plugins: { tooltip: { enabled: true } },
      },
    });
    return () => drawn.destroy();
  }, [chart]);
  const names = chart.kind === "line" ? chart.datasets.map((set) => set.label) : chart.labels;
  const summary =
    chart.kind === "line"
      ? `${chart.datasets.length} series over ${chart.labels.length} time buckets`
      : `${chart.labels.length} values`;
  return h(
    "figure",
    { className: "chart", "data-kind": chart.kind, "data-path": chart.path },
    h("figcaption", null, h("code", null, chart.path), ` · ${summary}`),
    h("div", { className: "chart-canvas" }, h("canvas", { ref: canvas, role: "img",
      "aria-label": `${chart.path}: ${summary}` })),
    h(
      "ul",
      { className: "chart-legend" },
      names.map((name, i) =>
        h("li", { key: i }, h("span", { className: "swatch", style: { background: color(i) } }), name),
      ),
    ),
  );
}

function ChartPane() {
  const response = useGraphiQL((state) => state.tabs[state.activeTabIndex]?.response ?? null);
  const charts = React.useMemo(() => chartsOf(response), [response]);
  return h(
    "div",
    { className: "chart-pane" },
    h("div", { className: "graphiql-doc-explorer-title" }, "Chart"),
    charts.length
      ? charts.map((chart) => h(ChartView, { key: chart.path, chart }))
      : h(
          "p",
          { className: "chart-empty" },
          "Run a timeseries or statistics query in this tab (select `series` with `values` " +
            "or `value`, and `timeBuckets` for the time axis): its answer is drawn here.",
        ),
  );
}

function ChartIcon(props) {
  return h(
    "svg",
    { height: "1em", viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.5, ...props },
    h("path", { d: "M3 3v18h18" }),
    h("path", { d: "M6 15l4-5 4 3 5-7" }),
  );
}

export const CHART_PLUGIN = { title: "Chart", icon: ChartIcon, content: ChartPane };
