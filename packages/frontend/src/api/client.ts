/** Typed REST calls, one per endpoint the web app uses. Shapes come from `@hoistway/shared-types`. */
import type {
  AcceptInviteBody,
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  AuthStatus,
  LoginBody,
  SessionAccess,
  SetupBody,
  ShareLink,
  ShareLinkCreated,
  ShareRightName,
  User,
  UserCreate,
  UserCreated,
  UserUpdate,
  BuildingDetail,
  BuildingExport,
  BuildingInput,
  BuildingSummary,
  BuildingVersionInfo,
  CreateRunBody,
  CreateSessionBody,
  DatasetDetail,
  DatasetSummary,
  GenerateDatasetBody,
  LiveSessionState,
  EvaluateModelBody,
  ModelList,
  ModelSummary,
  Page,
  RunDetail,
  RunSummary,
  ScriptDetail,
  ScriptInput,
  ScriptSummary,
  SessionControlInput,
  SessionDetail,
  SessionSummary,
  SimulationResults,
  WaitDistribution,
  TrainModelBody,
} from '@hoistway/shared-types';
import { apiFetch } from './http.js';

const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

export const api = {
  listBuildings: (limit = 100) => apiFetch<Page<BuildingSummary>>(`/buildings${q({ limit })}`),
  getBuilding: (id: string) => apiFetch<BuildingDetail>(`/buildings/${id}`),
  createBuilding: (b: BuildingInput) => apiFetch<BuildingDetail>('/buildings', { method: 'POST', body: b }),
  updateBuilding: (id: string, b: BuildingInput) =>
    apiFetch<BuildingDetail>(`/buildings/${id}`, { method: 'PUT', body: b }),
  exportBuilding: (id: string) => apiFetch<BuildingExport>(`/buildings/${id}/export`),
  listBuildingsWithArchived: (limit = 100) =>
    apiFetch<Page<BuildingSummary>>(`/buildings${q({ limit, includeArchived: 'true' })}`),
  buildingVersions: (id: string) => apiFetch<{ items: BuildingVersionInfo[] }>(`/buildings/${id}/versions`),
  getBuildingVersion: (id: string, version: number) =>
    apiFetch<BuildingDetail>(`/buildings/${id}/versions/${version}`),
  restoreBuildingVersion: (id: string, version: number) =>
    apiFetch<BuildingDetail>(`/buildings/${id}/versions/${version}/restore`, { method: 'POST' }),
  duplicateBuilding: (id: string, name?: string) =>
    apiFetch<BuildingDetail>(`/buildings/${id}/duplicate`, { method: 'POST', body: name ? { name } : {} }),
  setBuildingArchived: (id: string, archived: boolean) =>
    apiFetch<BuildingDetail>(`/buildings/${id}`, { method: 'PATCH', body: { archived } }),
  deleteBuilding: (id: string) => apiFetch<void>(`/buildings/${id}`, { method: 'DELETE' }),

  listSessions: (limit = 20) => apiFetch<Page<SessionSummary>>(`/sessions${q({ limit })}`),
  getSession: (id: string) => apiFetch<SessionDetail>(`/sessions/${id}`),
  /** The building version a session runs (readable with the session's share link too). */
  getSessionBuilding: (id: string) => apiFetch<BuildingDetail>(`/sessions/${id}/building`),
  createSession: (body: CreateSessionBody) => apiFetch<SessionDetail>('/sessions', { method: 'POST', body }),
  controlSession: (id: string, control: SessionControlInput) =>
    apiFetch<{ state: LiveSessionState }>(`/sessions/${id}/control`, { method: 'POST', body: control }),
  sessionResults: (id: string) =>
    apiFetch<{ state: LiveSessionState | null; results: SimulationResults }>(`/sessions/${id}/results`),
  sessionWaits: (id: string) => apiFetch<WaitDistribution>(`/sessions/${id}/waits`),
  deleteSession: (id: string) => apiFetch<void>(`/sessions/${id}`, { method: 'DELETE' }),

  listRuns: (limit = 20) => apiFetch<Page<RunSummary>>(`/runs${q({ limit })}`),
  getRun: (id: string) => apiFetch<RunDetail>(`/runs/${id}`),
  createRun: (body: CreateRunBody) => apiFetch<RunDetail>('/runs', { method: 'POST', body }),
  cancelRun: (id: string) => apiFetch<RunDetail>(`/runs/${id}/cancel`, { method: 'POST' }),

  listDatasets: (limit = 100) => apiFetch<Page<DatasetSummary>>(`/datasets${q({ limit })}`),
  getDataset: (id: string) => apiFetch<DatasetDetail>(`/datasets/${id}`),
  deleteDataset: (id: string) => apiFetch<void>(`/datasets/${id}`, { method: 'DELETE' }),
  generateDataset: (body: GenerateDatasetBody) =>
    apiFetch<DatasetDetail>('/datasets', { method: 'POST', body }),

  listModels: () => apiFetch<ModelList>('/models'),
  getModel: (id: string) => apiFetch<ModelSummary>(`/models/${id}`),
  trainModel: (body: TrainModelBody) => apiFetch<ModelSummary>('/models/train', { method: 'POST', body }),
  cancelTraining: (id: string) => apiFetch<ModelSummary>(`/models/${id}/cancel`, { method: 'POST' }),
  /** Starts an evaluation (a comparison run against the five heuristics); the run is returned. */
  evaluateModel: (id: string, body: EvaluateModelBody) =>
    apiFetch<RunDetail>(`/models/${id}/evaluate`, { method: 'POST', body }),
  /** Download address of a model file (`hoistway-sim model import` reads it). */
  modelExportUrl: (id: string) => `/api/models/${id}/export`,

  listScripts: (limit = 50) => apiFetch<Page<ScriptSummary>>(`/scripts${q({ limit })}`),
  getScript: (id: string) => apiFetch<ScriptDetail>(`/scripts/${id}`),
  createScript: (body: ScriptInput) => apiFetch<ScriptDetail>('/scripts', { method: 'POST', body }),
  updateScript: (id: string, body: ScriptInput) =>
    apiFetch<ScriptDetail>(`/scripts/${id}`, { method: 'PUT', body }),
  deleteScript: (id: string) => apiFetch<void>(`/scripts/${id}`, { method: 'DELETE' }),

  authStatus: () => apiFetch<AuthStatus>('/auth/status'),
  login: (body: LoginBody) => apiFetch<AuthStatus>('/auth/login', { method: 'POST', body }),
  setup: (body: SetupBody) => apiFetch<AuthStatus>('/auth/setup', { method: 'POST', body }),
  acceptInvite: (body: AcceptInviteBody) =>
    apiFetch<AuthStatus>('/auth/accept-invite', { method: 'POST', body }),
  logout: () => apiFetch<void>('/auth/logout', { method: 'POST' }),
  listTokens: () => apiFetch<{ items: ApiToken[] }>('/auth/tokens'),
  createToken: (body: ApiTokenCreate) => apiFetch<ApiTokenCreated>('/auth/tokens', { method: 'POST', body }),
  revokeToken: (id: string) => apiFetch<void>(`/auth/tokens/${id}`, { method: 'DELETE' }),
  listUsers: () => apiFetch<{ items: User[] }>('/users'),
  createUser: (body: UserCreate) => apiFetch<UserCreated>('/users', { method: 'POST', body }),
  updateUser: (id: string, body: UserUpdate) => apiFetch<User>(`/users/${id}`, { method: 'PATCH', body }),

  /** What this visitor may do with a session (watch or control, and through what). */
  sessionAccess: (id: string) => apiFetch<SessionAccess>(`/sessions/${id}/access`),
  listShareLinks: (sessionId: string) =>
    apiFetch<{ items: ShareLink[] }>(`/sessions/${sessionId}/share-links`),
  createShareLink: (sessionId: string, right: ShareRightName) =>
    apiFetch<ShareLinkCreated>(`/sessions/${sessionId}/share-links`, { method: 'POST', body: { right } }),
  revokeShareLink: (id: string) => apiFetch<void>(`/share-links/${id}`, { method: 'DELETE' }),
};

/** Plain links (downloads) to API resources, for `<a href download>`. */
export const apiLinks = {
  sessionResultsJson: (id: string) => `/api/sessions/${id}/results`,
  sessionPassengersCsv: (id: string) => `/api/sessions/${id}/passengers.csv`,
};
