// Draws each chart of a dashboard page from its JSON block: the pages hold no script of their
// own, so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  var COLOURS = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777",
                 "#4b5563"];
  var VEGAS = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Los_Angeles", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  });

  var HOUR = 3600 * 1000;

  function vegasTime(ms) {
    return VEGAS.format(new Date(ms)).replace(",", "");
  }

  function dollars(value) {
    return "$" + Number(value).toLocaleString("en-US");
  }

  var KINDS = {
    runs: {y: {beginAtZero: true, ticks: {precision: 0}}},
    coverage: {y: {min: 0, max: 100, ticks: {callback: function (v) { return v + "%"; }}}},
    tiers: {
      x: {type: "linear", ticks: {maxTicksLimit: 4, callback: vegasTime}},
      y: {beginAtZero: true, ticks: {callback: dollars}}
    }
  };

  function draw(canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: set.label, data: set.data, borderColor: colour, backgroundColor: colour,
        pointRadius: 3, borderWidth: 2, spanGaps: false,
        stepped: spec.kind === "tiers" ? "before" : false
      };
    });
    var tooltip = {};
    if (spec.kind === "tiers") {
      tooltip.callbacks = {
        title: function (items) { return items.length ? vegasTime(items[0].parsed.x) : ""; },
        label: function (item) { return item.dataset.label + ": " + dollars(item.parsed.y); }
      };
    }
    var scales = KINDS[spec.kind];
    if (spec.kind === "tiers") {
      // Seen once: a day around it, not the years Chart.js would span around a single x.
      var xs = spec.datasets[0].data.map(function (p) { return p.x; });
      var low = Math.min.apply(null, xs), high = Math.max.apply(null, xs);
      var pad = high - low < HOUR ? 12 * HOUR : 0;
      scales = Object.assign({}, scales, {x: Object.assign({}, scales.x, pad ? {
        min: low - pad, max: high + pad} : {})});
    }
    new Chart(canvas, {
      type: "line",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: {mode: "nearest", intersect: false},
        scales: scales,
        plugins: {
          title: {display: true, text: spec.title},
          legend: {display: spec.kind !== "tiers", position: "bottom", labels: {boxWidth: 12}},
          tooltip: tooltip
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
  document.documentElement.dataset.chartsDrawn = "true";
})();
