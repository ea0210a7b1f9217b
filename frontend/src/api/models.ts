/**
 * The API's data types, named once: aliases of the components generated into `schema.ts`
 * from the OpenAPI document (`make api`). Import models from here, not from the schema;
 * `types.ts` narrows the few the editor reads more closely (a layer's parameter schema).
 */
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type LocalText = Schemas["LocalText"];

/** Accounts: who is signed in (`GET /api/auth/me`) and what a sign-in answers. */
export type User = Schemas["UserPublic"];
export type Me = Schemas["Me"];
export type AuthMode = Me["auth"];
export type SignedIn = Schemas["SignedIn"];
export type Lang = keyof LocalText;

/** The accounts a teacher or an admin manages (`/api/users`), and a password handed out once. */
export type Account = Schemas["Account"];
export type Added = Schemas["Added"];
export type NewUser = Schemas["NewUser"];
export type Role = Account["role"];

/** `netcanvas/graph@1`. */
export type Graph = Schemas["Graph"];
export type GraphNode = Schemas["Node"];
export type GraphEdge = Schemas["Edge"];
/** A unit definition of a graph's `units`, and one of its arguments. */
export type UnitDefModel = Schemas["UnitDef"];
export type UnitArgumentModel = Schemas["UnitArgument"];
export type SampleInfo = Schemas["SampleInfo"];
export type SampleNote = Schemas["SampleNote"];

/** What POST /api/graphs/validate answers. */
export type ValidationResult = Schemas["ValidationResult"];
export type Issue = Schemas["Issue"];
export type NodeReport = Schemas["NodeReport"];
export type UnitReport = Schemas["UnitReport"];
export type CatalogueModel = Schemas["Catalogue"];
export type LayerModel = Schemas["LayerPublic"];

export type Project = Schemas["ProjectPublic"];
export type Network = Schemas["NetworkPublic"];
export type NetworkSummary = Schemas["NetworkSummary"];
export type Revision = Schemas["RevisionPublic"];
export type RevisionSummary = Schemas["RevisionSummary"];

export type DatasetList = Schemas["DatasetsPublic"];
export type BuiltinDataset = Schemas["DatasetInfo"];
export type UploadedDataset = Schemas["DatasetPublic"];
export type UploadInfo = Schemas["UploadInfo"];
export type DatasetPreview = Schemas["DatasetPreview"];
export type PreviewSample = Schemas["PreviewSample"];
export type DatasetWarning = Schemas["DatasetWarning"];

/** The class view (`/api/class`): students with their jobs, a student's job and networks. */
export type StudentJobs = Schemas["StudentJobs"];
export type Publication = Schemas["PublicationSummary"];
export type PublicationPublic = Schemas["PublicationPublic"];
export type PublicationCreate = Schemas["PublicationCreate"];
export type Copied = Schemas["Copied"];
export type JobBrief = Schemas["JobBrief"];
export type UserLimits = Schemas["UserLimits"];
export type LimitOverrides = Schemas["LimitOverrides"];
export type ClassJob = Schemas["ClassJob"];
export type ClassNetwork = Schemas["ClassNetwork"];
export type ClassNetworkPublic = Schemas["ClassNetworkPublic"];
/** The class table's filter and page (`GET /api/class/students`): student, network, status,
 * offset, limit. */
export type ClassQuery = NonNullable<operations["classStudents"]["parameters"]["query"]>;
/** Every state a job can be in, in the service's order. */
export { classJobStatusValues as JOB_STATUSES } from "./schema";

export type JobModel = Schemas["JobPublic"];
export type JobCreateModel = Schemas["JobCreate"];
export type TrainingConfigModel = Schemas["TrainingConfig"];
export type JobEventModel = Schemas["JobEvent"];
export type EventPublicModel = Schemas["EventPublic"];
export type StepPointModel = Schemas["StepPoint"];
export type ArtifactName = Schemas["ArtifactName"];
export type Evaluation = Schemas["Evaluation"];
export type PerClass = Schemas["ClassScores"];
export type Prediction = Schemas["Prediction"];
export type Samples = Schemas["Samples"];
export type SampleInput = Schemas["SampleInput"];
export type PredictionPage = Schemas["PredictionPage"];
/** Which predictions to page through: class indices of a confusion cell, offset and limit. */
export type PredictionQuery = NonNullable<operations["jobPredictions"]["parameters"]["query"]>;
export type PredictAnswer = Schemas["PredictAnswer"];
/** A run of a job over a dataset (`POST /api/jobs/{id}/inference`). */
export type InferenceRun = Schemas["InferenceRun"];
/** Every artifact name, in the service's order. */
export { artifactNameValues as ARTIFACT_NAMES } from "./schema";

// Pretrained weights that ship with NetCanvas (transfer learning)
export type PretrainedInfo = Schemas["PretrainedInfo"];

/** Inside a trained image network (`POST /api/jobs/{id}/feature-maps`, `.../gradcam`). */
export type InsideRequest = Schemas["InsideRequest"];
export type FeatureMapsAnswer = Schemas["FeatureMapsAnswer"];
export type GradCamAnswer = Schemas["GradCamAnswer"];
export type InsidePicture = Schemas["Picture"];

/** A network's launch preset (dataset, config, note) as sent with a save and as kept. */
export type LaunchPreset = Schemas["LaunchPreset"];
export type LaunchPresetPublic = Schemas["LaunchPresetPublic"];
