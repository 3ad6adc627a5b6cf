// The dashboard's charts (ECharts, served locally). Each bar opens the list of the
// cases it counts, like the number beside it.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  // Tooltips drawn in the chart's own SVG: ECharts' HTML tooltips carry style
  // attributes, which the Content-Security-Policy refuses.
  var tooltip = { trigger: "item", renderMode: "richText" };
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);

  function bars(elementId, rows, horizontal) {
    var element = document.getElementById(elementId);
    if (!element || rows.length === 0) return;
    var chart = echarts.init(element, null, { renderer: "svg" });
    var names = rows.map(function (row) { return row.name; });
    var categoryAxis = { type: "category", data: names, axisLabel: { interval: 0, fontSize: 11 } };
    var valueAxis = { type: "value", minInterval: 1 };
    chart.setOption({
      animation: false,
      grid: { left: horizontal ? 180 : 40, right: 16, top: 8, bottom: horizontal ? 24 : 48 },
      tooltip: tooltip,
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? Object.assign({ inverse: true }, categoryAxis) : valueAxis,
      series: [{
        type: "bar",
        data: rows.map(function (row) { return row.value; }),
        itemStyle: { color: "#8b1a1a" },
        cursor: "pointer"
      }]
    });
    chart.on("click", function (event) { window.location.href = rows[event.dataIndex].url; });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // New cases per month, one stacked series per field; each part opens its cases.
  function stacked(elementId, opened) {
    var element = document.getElementById(elementId);
    if (!element || opened.series.length === 0) return;
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 8, bottom: 72 },
      tooltip: tooltip,
      legend: { bottom: 0, type: "scroll", textStyle: { fontSize: 11 } },
      xAxis: { type: "category", data: opened.months, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1 },
      series: opened.series.map(function (series) {
        return { type: "bar", stack: "opened", name: series.name, data: series.data, cursor: "pointer" };
      })
    });
    chart.on("click", function (event) {
      window.location.href = opened.series[event.seriesIndex].urls[event.dataIndex];
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  bars("chart-stages", data.stages, true);
  stacked("chart-opened", data.opened);
})();
