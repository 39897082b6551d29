// The kvstore dashboard: polls /dashboard/feed and charts it. The feed carries cumulative
// counts and latency histograms; rates and percentiles are computed here over each polling
// interval, so the server keeps no per-viewer state.
(function () {
  "use strict";

  const POINTS = 120;
  const params = new URLSearchParams(window.location.search);
  const intervalMs = Math.max(250, Number(params.get("interval")) || 1000);
  const OPERATIONS = ["put", "get", "delete", "list", "compact"];
  const COLORS = { put: "#d1495b", get: "#00798c", delete: "#edae49", list: "#66a182", compact: "#8d96a3" };

  function lineChart(id, datasets, options) {
    return new Chart(document.getElementById(id), {
      type: "line",
      data: { labels: [], datasets: datasets },
      options: Object.assign({
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: true,
        elements: { point: { radius: 0 } },
        scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true } },
      }, options || {}),
    });
  }

  function perOperation() {
    return OPERATIONS.map((op) => ({ label: op, data: [], borderColor: COLORS[op], backgroundColor: COLORS[op] }));
  }

  const charts = {
    throughput: lineChart("throughput", perOperation()),
    // Latencies span microseconds (a get) to seconds (a compaction): a log scale shows both.
    p50: lineChart("p50", perOperation(), { scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { type: "logarithmic" } } }),
    p99: lineChart("p99", perOperation(), { scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { type: "logarithmic" } } }),
    keys: lineChart("keys", [
      { label: "keys", data: [], borderColor: "#00798c", yAxisID: "y" },
      { label: "data files", data: [], borderColor: "#d1495b", yAxisID: "files" },
    ], {
      scales: {
        x: { ticks: { maxTicksLimit: 6 } },
        y: { beginAtZero: true, position: "left" },
        files: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } },
      },
    }),
    disk: lineChart("disk", [
      { label: "live bytes", data: [], borderColor: "#00798c", backgroundColor: "rgba(0,121,140,0.3)", fill: "origin" },
      { label: "reclaimable bytes", data: [], borderColor: "#edae49", backgroundColor: "rgba(237,174,73,0.4)", fill: "-1" },
    ], { scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true, stacked: true } } }),
    compactions: new Chart(document.getElementById("compactions"), {
      type: "bar",
      data: { labels: [], datasets: [{ label: "bytes reclaimed", data: [], backgroundColor: "#66a182" }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    }),
  };

  let previous = null;

  // Calls per latency bucket, from cumulative-by-bound counts.
  function perBucket(cumulative) {
    return cumulative.map((c, i) => (i === 0 ? c : Math.max(0, c - cumulative[i - 1])));
  }

  // The upper bound of the bucket holding quantile q of the calls made in the interval.
  function quantile(now, before, q) {
    if (!now.bucketsMs.length) {
      return null;
    }
    const current = perBucket(now.cumulative);
    const earlier = before ? perBucket(before.cumulative) : current.map(() => 0);
    const delta = current.map((c, i) => Math.max(0, c - (earlier[i] || 0)));
    const total = delta.reduce((a, b) => a + b, 0);
    if (total === 0) {
      return null;
    }
    let seen = 0;
    for (let i = 0; i < delta.length; i++) {
      seen += delta[i];
      if (seen >= q * total) {
        return now.bucketsMs[i];
      }
    }
    return now.bucketsMs[now.bucketsMs.length - 1];
  }

  function push(chart, label, values) {
    chart.data.labels.push(label);
    values.forEach((value, i) => chart.data.datasets[i].data.push(value));
    if (chart.data.labels.length > POINTS) {
      chart.data.labels.shift();
      chart.data.datasets.forEach((dataset) => dataset.data.shift());
    }
    chart.update("none");
  }

  function bytes(n) {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return n.toFixed(i === 0 ? 0 : 1) + " " + units[i];
  }

  function showCompactions(list) {
    const chart = charts.compactions;
    chart.data.labels = list.map((c) => new Date(c.endedAt).toLocaleTimeString());
    chart.data.datasets[0].data = list.map((c) => c.reclaimedBytes);
    chart.update("none");
    const body = document.querySelector("#compaction-table tbody");
    body.replaceChildren(...list.slice(-10).reverse().map((c) => {
      const row = document.createElement("tr");
      [new Date(c.endedAt).toLocaleTimeString(), c.durationMs + " ms", bytes(c.reclaimedBytes)].forEach((text) => {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      return row;
    }));
  }

  function show(feed) {
    const label = new Date(feed.time).toLocaleTimeString();
    const seconds = previous ? Math.max(0.001, (feed.time - previous.time) / 1000) : null;
    push(charts.throughput, label, OPERATIONS.map((op) => {
      const now = feed.operations[op];
      return previous && seconds ? Math.max(0, now.count - previous.operations[op].count) / seconds : 0;
    }));
    push(charts.p50, label, OPERATIONS.map((op) => quantile(feed.operations[op], previous && previous.operations[op], 0.5)));
    push(charts.p99, label, OPERATIONS.map((op) => quantile(feed.operations[op], previous && previous.operations[op], 0.99)));
    push(charts.keys, label, [feed.keys, feed.segments]);
    push(charts.disk, label, [Math.max(0, feed.diskBytes - feed.reclaimableBytes), feed.reclaimableBytes]);
    showCompactions(feed.compactions);
    document.getElementById("summary").textContent = feed.engine + " engine · " + feed.keys + " keys · "
        + feed.segments + " data files · " + bytes(feed.diskBytes) + " on disk";
    previous = feed;
  }

  async function poll() {
    const status = document.getElementById("status");
    try {
      const response = await fetch("/dashboard/feed", { cache: "no-store" });
      if (!response.ok) {
        throw new Error("the feed answered " + response.status);
      }
      show(await response.json());
      status.textContent = "";
    } catch (error) {
      status.textContent = "not updating: " + error.message;
    }
    setTimeout(poll, intervalMs);
  }

  // For tests and the curious: how many points each chart holds.
  window.kvDashboard = {
    pointCounts: () => Object.fromEntries(Object.entries(charts).map(([name, chart]) =>
      [name, chart.data.datasets.map((d) => d.data.filter((v) => v !== null && v !== undefined).length)])),
  };

  poll();
})();
