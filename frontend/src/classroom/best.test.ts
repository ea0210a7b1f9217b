import { describe, expect, it } from "vitest";
import { bestText, epochText } from "./best";

describe("the class table's cells", () => {
  it("words the best metric by its kind", () => {
    expect(bestText({ best_metric: "val_accuracy", best_value: 0.875 })).toEqual({
      key: "classroom.metric_val_accuracy",
      value: "87.5 %",
    });
    expect(bestText({ best_metric: "val_loss", best_value: 0.125 })?.value).toBe("0.125");
    expect(bestText({ best_metric: "accuracy", best_value: 1 })?.value).toBe("100.0 %");
    expect(bestText({ best_metric: null, best_value: null })).toBeNull();
  });
  it("reads a float32 accuracy as the evaluation's exact one reads (96.3 %, not 96.2 %)", () => {
    const stored = Math.fround(0.9625); // 0.96249997, as the epoch's summary keeps it
    expect(bestText({ best_metric: "val_accuracy", best_value: stored })?.value).toBe("96.3 %");
  });
  it("shows the epoch of the epochs", () => {
    expect(epochText({ epoch: 3, epochs: 5 })).toBe("3/5");
    expect(epochText({ epoch: null, epochs: 5 })).toBe("0/5");
    expect(epochText({ epoch: 2, epochs: null })).toBe("2");
    expect(epochText({ epoch: null, epochs: null })).toBe("–");
  });
});
