export { createProcedureHost } from './host';
export type { HostEvent, ProcedureHost, ProcedureHostDeps, ResumeResult } from './host';
export { defaultTiming } from './actors';
export type { ApplianceClients, CertificateCheck, ClientFactory, MediaService, ProcedureTiming } from './actors';
export { openJournal, parseJournal } from './journal';
export type { Journal } from './journal';
