import { expect, it, describe as suite } from "vitest";
import { describe } from "./http";

suite("error bodies", () => {
  it("shows a coded refusal's message with every listed reason", () => {
    const detail = {
      message: "the network cannot train on this dataset",
      code: "job.targets",
      errors: [{ node: "loss", message: "'loss': CrossEntropyLoss needs an output [3]" }],
    };
    expect(describe(detail)).toBe(
      "the network cannot train on this dataset: 'loss': CrossEntropyLoss needs an output [3]",
    );
  });

  it("keeps plain messages, strings and pydantic lists readable", () => {
    expect(describe({ message: "unknown dataset 'x'" })).toBe("unknown dataset 'x'");
    expect(describe("no sample named 'y'")).toBe("no sample named 'y'");
    expect(describe([{ msg: "a" }, { msg: "b" }])).toBe("a; b");
  });
});
