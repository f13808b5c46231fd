// What the chart pane can draw from a response: every timeseries answer (`series` whose items
// hold `values`, over the answer's `timeBuckets` when selected) as lines, every statistics answer
// (`series` whose items hold one `value`) as bars, wherever they sit under `data` (aliases,
// several reports in one operation).

function labelText(label, index) {
  if (!label || typeof label !== "object") return `series ${index + 1}`;
  const parts = Object.entries(label)
    .filter(([key, value]) => key !== "__typename" && value !== null && value !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  return parts.length ? parts.join(", ") : "total";
}

// "2026-03-01T00:00:00+01:00" reads as 2026-03-01; a bucket within a day keeps its time.
function bucketLabels(buckets) {
  const parts = buckets.map((bucket) => /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(bucket)));
  if (parts.some((part) => !part)) return buckets.map(String);
  const midnight = parts.every((part) => part[2] === "00:00");
  return parts.map((part) => (midnight ? part[1] : `${part[1]} ${part[2]}`));
}

function timeseries(path, answer) {
  const length = Math.max(0, ...answer.series.map((item) => item.values.length));
  const buckets = Array.isArray(answer.timeBuckets) ? answer.timeBuckets : [];
  return {
    path,
    kind: "line",
    labels: buckets.length === length ? bucketLabels(buckets) : Array.from({ length }, (_, i) => String(i)),
    datasets: answer.series.map((item, i) => ({ label: labelText(item.label, i), data: item.values })),
  };
}

function statistics(path, answer) {
  return {
    path,
    kind: "bar",
    labels: answer.series.map((item, i) => labelText(item.label, i)),
    datasets: [{ label: path, data: answer.series.map((item) => item.value) }],
  };
}

function isSeriesList(value, key) {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => item && typeof item === "object" && key in item)
  );
}

function collect(path, value, found) {
  if (!value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(`${path}[${i}]`, item, found));
    return;
  }
  if (isSeriesList(value.series, "values")) found.push(timeseries(path, value));
  else if (isSeriesList(value.series, "value")) found.push(statistics(path, value));
  else for (const [key, item] of Object.entries(value)) collect(path ? `${path}.${key}` : key, item, found);
}

export function chartsOf(responseText) {
  let body;
  try {
    body = JSON.parse(responseText || "null");
  } catch {
    return [];
  }
  const found = [];
  if (body && typeof body === "object") collect("", body.data, found);
  return found;
}
