// What the chart pane finds in an answer (reporting_gateway/api/explorer_app/charts.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { chartsOf } from "../../../reporting_gateway/api/explorer_app/charts.js";

const answer = (data) => JSON.stringify({ data });

test("a timeseries is a line per series over its days", () => {
  const [chart] = chartsOf(answer({
    sendingsEventsHistory: {
      timeBuckets: ["2026-03-01T00:00:00+01:00", "2026-03-02T00:00:00+01:00"],
      series: [
        { label: { loyaltyClubId: 1, eventType: "NEW" }, values: [1, 2] },
        { label: { loyaltyClubId: 1, eventType: "OPENED" }, values: [0, null] },
      ],
    },
  }));
  assert.equal(chart.kind, "line");
  assert.equal(chart.path, "sendingsEventsHistory");
  assert.deepEqual(chart.labels, ["2026-03-01", "2026-03-02"]);
  assert.deepEqual(chart.datasets.map((d) => d.label),
    ["loyaltyClubId=1, eventType=NEW", "loyaltyClubId=1, eventType=OPENED"]);
  assert.deepEqual(chart.datasets[1].data, [0, null]);
});

test("buckets within a day keep their time; without timeBuckets the axis counts", () => {
  const [hours] = chartsOf(answer({ h: { timeBuckets: ["2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z"],
    series: [{ values: [1, 2] }] } }));
  assert.deepEqual(hours.labels, ["2026-03-01 10:00", "2026-03-01 10:05"]);
  assert.equal(hours.datasets[0].label, "series 1");
  const [bare] = chartsOf(answer({ h: { series: [{ label: {}, values: [1, 2, 3] }] } }));
  assert.deepEqual(bare.labels, ["0", "1", "2"]);
  assert.equal(bare.datasets[0].label, "total");
});

test("statistics are bars, every answer under data is found (aliases too)", () => {
  const charts = chartsOf(answer({
    byChannel: { series: [{ label: { channel: "SMS" }, value: 3 }, { label: { channel: "EMAIL" }, value: 5 }] },
    other: { nested: [{ series: [{ value: 1 }] }] },
  }));
  assert.deepEqual(charts.map((c) => [c.path, c.kind]), [["byChannel", "bar"], ["other.nested[0]", "bar"]]);
  assert.deepEqual(charts[0].labels, ["channel=SMS", "channel=EMAIL"]);
  assert.deepEqual(charts[0].datasets[0].data, [3, 5]);
});

test("nothing to draw: errors, records, text that is not JSON", () => {
  assert.deepEqual(chartsOf(JSON.stringify({ errors: [{ message: "x" }] })), []);
  assert.deepEqual(chartsOf(answer({ sendings: { edges: [{ node: { id: 1 } }] } })), []);
  assert.deepEqual(chartsOf("{ not json"), []);
  assert.deepEqual(chartsOf(null), []);
  assert.deepEqual(chartsOf(answer({ s: { series: [] } })), []);
});
