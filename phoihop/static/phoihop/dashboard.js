// The dashboard's charts (ECharts, served locally). Each bar opens the list of the
// cases it counts, like the number beside it.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
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
      tooltip: { trigger: "item" },
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

  bars("chart-stages", data.stages, true);
  bars("chart-opened", data.opened, false);
})();
