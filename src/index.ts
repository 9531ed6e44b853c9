/**
 * spillkit as a library: `import { scan, openIncident, revoke, planRewrite } from 'spillkit'`.
 * Each function returns the object the matching command prints with `--json`; the CLI is a front over
 * these. Failures the caller can cause are SpillkitError with a stable `code` (errors.ts).
 */
export { scan, type ScanOptions, type VerifyOptions } from './api/scan.js';
export { openIncident, type IncidentHandle, type OpenIncidentOptions } from './api/incident.js';
export { revoke, type RevokeFacts, type RevokeOptions, type RevokeResult, type RevokeStatus } from './api/revoke.js';
export { planRewrite, type PlanRewriteOptions, type PlanRewriteResult } from './api/plan-rewrite.js';
export { incidentReport, type IncidentReportOptions, type IncidentReportResult } from './api/report.js';
export { SpillkitError, isSpillkitError, type ErrorCode } from './errors.js';
export { VERSION } from './cli/version.js';

export type { Finding, ScanReport, ScanStats, VerificationStats } from './scan/finding.js';
export type { Validation, ValidationState } from './verify/validator.js';
export type { ImportSource, ImportTool } from './import/types.js';
export type { Confidence, Severity } from './rules/types.js';
export type { IncidentMeta, IncidentStatus, JournalEntry, JournalEvent, Operator } from './incident/types.js';
export type { Evidence, Identity, Liveness, ManualStep, Outcome, RevokeResult as Revocation } from './providers/contract.js';
export type { PlanFiles } from './rewrite/record.js';
export type { PlannedFinding, RefUpdate, RewritePlan } from './rewrite/types.js';
export type { IncidentReport, ReportFormat } from './report/incident/index.js';
export type { SweepFinding, SweepRepository, SweepResult, SweepStats } from './sweep/types.js';
