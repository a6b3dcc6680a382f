export type { AuditEntry } from './audit-entry';
export type { CheckOutcome, Finding, ObjectRef, RepairAction } from './finding';
export { DOCTOR_SCHEMA, type DoctorReport } from './report';
export { assertHealthyBelow, type DoctorOptions, runDoctor } from './run';
