/* Dashboard and timeline charts: reads the JSON the page embeds and draws it with ECharts. */
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function stacked(data) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.names,
               axisLabel: { width: 160, overflow: "truncate" } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", data: s.data,
                 itemStyle: { color: s.color } };
      })
    };
  }

  var builders = {
    states: function (data) {
      return {
        tooltip: { trigger: "item" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["40%", "70%"],
                   data: data.map(function (s) {
                     return { name: s.label, value: s.count, itemStyle: { color: s.color } };
                   }) }]
      };
    },
    by_document: stacked,
    by_category: stacked,
    indicators: function (data) {
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: "category", data: data.names, axisLabel: { rotate: 30 } },
        yAxis: { type: "value" },
        series: [
          { name: "目标值", type: "bar", data: data.targets, itemStyle: { color: "#9aa5b1" } },
          { name: "最新值", type: "bar", data: data.actuals, itemStyle: { color: "#2b6cb0" } }
        ]
      };
    },
    timeline: function (data) {
      return {
        tooltip: { formatter: function (p) {
          return p.value[0] + "<br>" + p.data.state + "：" + p.data.text;
        } },
        grid: { left: 8, right: 24, bottom: 24, top: 16, containLabel: true },
        xAxis: { type: "time", min: data.start, max: data.end },
        yAxis: { type: "category", data: data.rows, inverse: true,
                 axisLabel: { width: 220, overflow: "truncate" } },
        series: [{ type: "scatter", symbolSize: 12, data: data.points,
                   markLine: { symbol: "none", label: { formatter: "今天" },
                               lineStyle: { color: "#b42318" },
                               data: [{ xAxis: data.today }] } }]
      };
    }
  };

  function draw() {
    if (typeof echarts === "undefined") { return; }
    var data = readJSON("chart-data") || {};
    var timeline = readJSON("timeline-data");
    if (timeline) { data.timeline = timeline; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var name = node.getAttribute("data-chart");
      if (!builders[name] || !data[name]) { return; }
      var chart = echarts.init(node);
      chart.setOption(builders[name](data[name]));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
