import { describe, expect, it } from "vitest";
import { testTranslations } from "../i18n/testing";
import { metricName } from "./metricNames";

const { tEn, tJa } = testTranslations();

describe("metricName", () => {
  it("names the metrics a curve draws, in English and Japanese", () => {
    expect(metricName(tEn, "train_loss")).toBe("Training loss");
    expect(metricName(tEn, "val_accuracy")).toBe("Validation accuracy");
    expect(metricName(tEn, "val_mae")).toBe("Validation MAE");
    expect(metricName(tJa, "train_loss")).toBe("学習損失");
    expect(metricName(tJa, "val_accuracy")).toBe("検証精度");
    expect(metricName(tJa, "val_mae")).toBe("検証 MAE");
  });

  it("names a head's and a phase's metric by the metric, then the head or phase", () => {
    expect(metricName(tEn, "val_loss/loss_parity")).toBe("Validation loss (loss_parity)");
    expect(metricName(tEn, "train_loss/phase:generator")).toBe("Training loss, phase generator");
    expect(metricName(tJa, "lr/phase:generator")).toBe("学習率（フェーズ generator）");
  });

  it("keeps a key it has no name for", () => {
    expect(metricName(tEn, "val_auc")).toBe("val_auc");
    expect(metricName(tJa, "val_auc/phase:d")).toBe("val_auc（フェーズ d）");
  });
});
