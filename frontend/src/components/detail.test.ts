import { describe, expect, it } from "vitest";
import { detailAt, LABEL_ZOOM, TEXT_ZOOM } from "./detail";

describe("detailAt", () => {
  it("draws everything from the labels' zoom up, nodes' text down to the text zoom, then outlines", () => {
    expect(detailAt(1)).toBe("full");
    expect(detailAt(LABEL_ZOOM)).toBe("full");
    expect(detailAt(LABEL_ZOOM - 0.01)).toBe("nodes");
    expect(detailAt(TEXT_ZOOM)).toBe("nodes");
    expect(detailAt(TEXT_ZOOM - 0.01)).toBe("outline");
    expect(detailAt(0.05)).toBe("outline");
  });
});
