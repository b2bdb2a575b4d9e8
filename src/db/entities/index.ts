export * from './enums.js';
export { BaseEntity } from './base.js';
export { Organisation, User, Membership, Invitation } from './organisation.js';
export { Qpv, Charter, CharterQpv, CharterSignatory, CharterTarget, Operation } from './charter.js';
export { Market, Lot, Award } from './market.js';
export { Company } from './company.js';
export { Beneficiary, BeneficiaryIdentity } from './beneficiary.js';
export { Placement, MonthlyHours, Exit } from './placement.js';
export { AuditEvent } from './audit-event.js';
export { ApiKey } from './api-key.js';
export { commitsRows, ImportJob, type ImportCounts, type ImportProblemRecord } from './import-job.js';
export { ImportFileChunk } from './import-file-chunk.js';
export { IdentityRead } from './identity-read.js';
export { HoursFact, ExitFact, MarketFact, PlacementYearFact, PlatformHours, PlatformPeople, PlatformContracts, PlatformCompanyYear, PlatformMarkets, PlatformExits } from './facts.js';

import { Organisation, User, Membership, Invitation } from './organisation.js';
import { Qpv, Charter, CharterQpv, CharterSignatory, CharterTarget, Operation } from './charter.js';
import { Market, Lot, Award } from './market.js';
import { Company } from './company.js';
import { Beneficiary, BeneficiaryIdentity } from './beneficiary.js';
import { Placement, MonthlyHours, Exit } from './placement.js';
import { AuditEvent } from './audit-event.js';
import { ApiKey } from './api-key.js';
import { ImportJob } from './import-job.js';
import { ImportFileChunk } from './import-file-chunk.js';
import { IdentityRead } from './identity-read.js';
import { HoursFact, ExitFact, MarketFact, PlacementYearFact, PlatformHours, PlatformPeople, PlatformContracts, PlatformCompanyYear, PlatformMarkets, PlatformExits } from './facts.js';

export const ALL_ENTITIES = [
  Organisation, User, Membership, Invitation, Qpv, Charter, CharterQpv, CharterSignatory, CharterTarget, Operation,
  Market, Lot, Award, Company, Beneficiary, BeneficiaryIdentity, Placement, MonthlyHours, Exit, AuditEvent, ApiKey, ImportJob, ImportFileChunk, IdentityRead, HoursFact, ExitFact, MarketFact, PlacementYearFact, PlatformHours, PlatformPeople, PlatformContracts, PlatformCompanyYear, PlatformMarkets, PlatformExits,
];
