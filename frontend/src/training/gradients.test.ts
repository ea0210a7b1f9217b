import { describe, expect, it } from "vitest";
import type { JobEvent } from "../api/jobs";
import { axisWidth, linearLabel, logLabel } from "./Chart";
import { applyEvent, emptyView } from "./curves";
import {
  binEdges,
  formatNorm,
  histogramEpochs,
  layerIds,
  layersCsv,
  layersFromRows,
  normSeries,
  withGradient,
  withLayers,
} from "./gradients";

const hist = { lo: -1, hi: 2, counts: [1, 0, 3] };
const epoch = (n: number, layers: Record<string, unknown>) =>
  ({ type: "epoch", epoch: n, train_loss: 1, layers }) as JobEvent;

describe("per-layer figures", () => {
  const view = [
    epoch(2, { fc1: { weight_norm: 3, grad_norm: 0 }, out: { weight_norm: 1, grad_norm: 0.5 } }),
    epoch(1, {
      fc1: { weight_norm: 2, weight_hist: hist },
      out: { weight_norm: 1.5, grad_norm: 0.25, weight_hist: hist, grad_hist: hist },
    }),
    { type: "epoch", epoch: 3, train_loss: 1 } as JobEvent, // no figures on this epoch
  ].reduce(applyEvent, emptyView());

  it("keeps them by epoch, in order, from the epoch events", () => {
    expect(view.layers.map((e) => e.epoch)).toEqual([1, 2]);
    expect(view.epochs.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(view.epochs[0]).not.toHaveProperty("layers"); // the curves' rows stay numeric
    expect(layerIds(view.layers)).toEqual(["fc1", "out"]);
  });

  it("draws a line per layer, a gap where the log axis cannot go", () => {
    expect(normSeries(view.layers, ["fc1", "out"], "grad_norm")).toEqual([
      [1, 2],
      [null, null],
      [0.25, 0.5],
    ]);
    const frozen = withLayers(view.layers, 4, { fc1: { weight_norm: 3 }, emb: { weight_norm: 1 } });
    expect(withGradient(frozen, ["fc1", "emb", "out"])).toEqual(["fc1", "out"]);
    expect(histogramEpochs(view.layers, "out")).toEqual([1]);
  });

  it("downloads epoch,layer,weight_norm,grad_norm", () => {
    expect(layersCsv(view.layers)).toBe(
      "epoch,layer,weight_norm,grad_norm\n1,fc1,2,\n1,out,1.5,0.25\n2,fc1,3,0\n2,out,1,0.5\n",
    );
  });

  it("reads the database's rows and replaces a repeated epoch", () => {
    const rows = [{ epoch: 1, train_loss: 1, layers: { fc: { weight_norm: 1 } } }, { epoch: 2 }];
    expect(layersFromRows(rows)).toEqual([{ epoch: 1, layers: { fc: { weight_norm: 1 } } }]);
    const again = withLayers(layersFromRows(rows), 1, { fc: { weight_norm: 5 } });
    expect(again).toEqual([{ epoch: 1, layers: { fc: { weight_norm: 5 } } }]);
  });

  it("gives bin edges and readable numbers", () => {
    expect(binEdges(hist)).toEqual([
      [-1, 0],
      [0, 1],
      [1, 2],
    ]);
    expect(formatNorm(4.79e-8)).toBe("4.79e-8");
    expect(formatNorm(0.25)).toBe("0.2500");
    expect(formatNorm(null)).toBe("–");
  });
});

describe("log axis labels", () => {
  it("keeps small powers of ten readable instead of rounding them to 0", () => {
    expect([1e-7, 0.001, 0.1 * 3, 10, 1e6, null].map(logLabel)).toEqual([
      "1e-7",
      "0.001",
      "0.3",
      "10",
      "1e+6",
      "",
    ]);
  });
});

describe("linearLabel", () => {
  it("tells apart the splits of a small range (a learning rate's 0.001 to 0.002)", () => {
    const labels = [0.001, 0.0015, 0.002].map(linearLabel);
    expect(labels).toEqual(["0.001", "0.0015", "0.002"]);
    expect(new Set(labels).size).toBe(3);
  });

  it("writes a float sum's split as the number it stands for, and none for a left-out split", () => {
    expect([0.1 * 3, 2.5, 0, 1200, null].map(linearLabel)).toEqual(["0.3", "2.5", "0", "1200", ""]);
  });
});

describe("axisWidth", () => {
  it("keeps uPlot's 50 px for short labels and widens for longer ones, so 0.0015 is not cut", () => {
    expect(axisWidth(["0", "0.5", "1"])).toBe(50);
    expect(axisWidth(null)).toBe(50);
    expect(axisWidth(["0.001", "0.0015", "0.002"])).toBeGreaterThan(axisWidth(["0.001", "0.002"]));
  });
});
