/** The pretrained weights that ship with NetCanvas (backend/routes/pretrained.py). */
import { client, unwrap } from "./http";

export const pretrainedApi = {
  list: () => unwrap(client.GET("/api/pretrained")),
};
