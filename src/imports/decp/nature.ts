import { MarketNature } from '../../db/entities/enums.js';

/**
 * The platform's nature of a market, from the division (first two digits) of its CPV code: 45 is
 * construction work; 71 is architectural, engineering and inspection services; anything else, supplies
 * included (the platform has no supplies nature), is services. GUP cannot be told from a CPV code: the
 * buyer sets it while completing the draft.
 */
export function natureOfCpv(cpvCode: string): MarketNature {
  const division = cpvCode.slice(0, 2);
  if (division === '45') return MarketNature.WORKS;
  if (division === '71') return MarketNature.ENGINEERING;
  return MarketNature.SERVICES;
}
