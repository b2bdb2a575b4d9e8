import { registerEnumType } from 'type-graphql';
import {
  CharterTargetKind, ClauseMechanism, CompanyKind, ContractSubsidy, ContractType, ExitCategoryValue, ExitOutcome,
  HeadcountBand, ImportStatus, MarketNature, MarketStatus, MembershipRole, OrganisationKind, PlacementModality, Programme,
  QualificationLevel, Sex,
} from '../../db/entities/index.js';

registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(MembershipRole, { name: 'MembershipRole' });
registerEnumType(Programme, { name: 'Programme' });
registerEnumType(CharterTargetKind, { name: 'CharterTargetKind' });
registerEnumType(MarketNature, { name: 'MarketNature' });
registerEnumType(ClauseMechanism, { name: 'ClauseMechanism', description: 'Legal mechanism of the clause in the public procurement code.' });
registerEnumType(MarketStatus, { name: 'MarketStatus' });
registerEnumType(HeadcountBand, { name: 'HeadcountBand' });
registerEnumType(CompanyKind, { name: 'CompanyKind' });
registerEnumType(Sex, { name: 'Sex' });
registerEnumType(QualificationLevel, { name: 'QualificationLevel' });
registerEnumType(ContractType, { name: 'ContractType' });
registerEnumType(PlacementModality, { name: 'PlacementModality' });
registerEnumType(ExitCategoryValue, { name: 'ExitCategory', description: 'Sorties dynamiques as the Département defines them.' });
registerEnumType(ExitOutcome, { name: 'ExitOutcome' });
registerEnumType(ContractSubsidy, { name: 'ContractSubsidy' });
registerEnumType(ImportStatus, { name: 'ImportStatus', description: 'QUEUED, RUNNING, then COMPLETED (see written) or FAILED (nothing written).' });
