/**
 * The API's data types, named once: aliases of the components generated into `schema.d.ts`
 * from the OpenAPI document (`make api`). Import models from here, not from the schema.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type DatasetListModel = Schemas["DatasetsPublic"];
export type DatasetInfoModel = Schemas["DatasetInfo"];
export type UploadedDatasetModel = Schemas["DatasetPublic"];
export type JobModel = Schemas["JobPublic"];
export type JobCreateModel = Schemas["JobCreate"];
export type GraphModel = Schemas["Graph"];
export type ValidationResultModel = Schemas["ValidationResult"];
export type CatalogueModel = Schemas["Catalogue"];
export type ProjectModel = Schemas["ProjectPublic"];
export type NetworkModel = Schemas["NetworkPublic"];
export type NetworkSummaryModel = Schemas["NetworkSummary"];
export type RevisionModel = Schemas["RevisionPublic"];
export type RevisionSummaryModel = Schemas["RevisionSummary"];

export type TrainingConfigModel = Schemas["TrainingConfig"];
export type JobEventModel = Schemas["JobEvent"];
export type EventPublicModel = Schemas["EventPublic"];
export type ArtifactName = Schemas["ArtifactName"];
