/** Inside a trained image network (backend/routes/inside.py): feature maps, filters, Grad-CAM. */
import { client, unwrap } from "./http";
import type { InsideRequest } from "./models";

export type { FeatureMapsAnswer, GradCamAnswer, InsidePicture, InsideRequest } from "./models";

const job = (id: number) => ({ params: { path: { job_id: id } } });

export const insideApi = {
  featureMaps: (jobId: number, body: InsideRequest) =>
    unwrap(client.POST("/api/jobs/{job_id}/feature-maps", { ...job(jobId), body })),
  gradCam: (jobId: number, body: InsideRequest) =>
    unwrap(client.POST("/api/jobs/{job_id}/gradcam", { ...job(jobId), body })),
};
