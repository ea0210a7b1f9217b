/** `POST /api/graphs/preview` through the generated client, cancellable (the newest edit wins). */
import { client, unwrap } from "../api/http";
import type { components } from "../api/schema";

type Request = components["schemas"]["LayerPreviewRequest"];

export const previewLayers = (body: Request, signal: AbortSignal) =>
  unwrap(client.POST("/api/graphs/preview", { body, signal }));
