/** The end of a person's path, its category computed. */
import { Exit, type ContractSubsidy, type ExitCategoryValue, type ExitOutcome } from '../db/entities/index.js';
import { classifyExit } from '../domain/exit-classification.js';
import type { ServiceContext } from '../context/request-context.js';
import { saveUnique, type RowRef } from '../context/rows.js';
import { followedBeneficiary } from './access.js';
import { requireUnrestricted } from './restriction.js';

export interface ExitRecord {
  beneficiaryId: RowRef;
  exitDate: string;
  outcome: ExitOutcome;
  subsidy: ContractSubsidy;
  contractStart?: string | null;
  contractEnd?: string | null;
}

/** Records the exit of a person the acting PLIE follows. */
export async function recordExit(ctx: ServiceContext, input: ExitRecord): Promise<Exit> {
  const beneficiary = await followedBeneficiary(ctx, input.beneficiaryId);
  requireUnrestricted(beneficiary);
  const { category, rule } = classifyExit({ outcome: input.outcome, subsidy: input.subsidy, contractStart: input.contractStart, contractEnd: input.contractEnd });
  const exit = Object.assign(new Exit(), {
    beneficiary, exitDate: input.exitDate, outcome: input.outcome, subsidy: input.subsidy,
    contractStart: input.contractStart ?? null, contractEnd: input.contractEnd ?? null, category: category as ExitCategoryValue, rule,
  });
  return saveUnique(ctx.em, exit, 'beneficiary_exit_beneficiary_id_exit_date_unique', 'DUPLICATE_EXIT', 'Une sortie est déjà enregistrée à cette date pour ce participant');
}
