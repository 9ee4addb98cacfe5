import { JsonObject } from '@ledger/event-store';
import { namedProjectFunding } from '../planning/named-project-reference';
import { Upcaster } from './upcasters';

/**
 * Project facts gained `validAt` in version 2: the date the fact is about, which version 1
 * held already under the fact's own name (approvedOn, paidOn, ...). Copying it loses and
 * invents nothing.
 */
const VALID_AT_FROM: ReadonlyArray<[type: string, dateField: string]> = [
  ['ProjectApproved', 'approvedOn'],
  ['ProjectPlanAdjusted', 'adjustedOn'],
  ['FundsDisbursed', 'paidOn'],
  ['MilestoneMet', 'metOn'],
  ['ConstructionStarted', 'startedOn'],
  ['ProjectCompleted', 'completedOn'],
  ['ProjectSuspended', 'suspendedOn'],
  ['ProjectResumed', 'resumedOn'],
  ['ProjectCancelled', 'cancelledOn'],
  ['ProjectMaturityRated', 'ratedOn'],
];

/** The field's text, or a clear failure: a stored v1 event without it is not a v1 event. */
function dateOf(data: JsonObject, field: string, type: string): string {
  const value = data[field];
  if (typeof value !== 'string')
    throw new Error(`${type} v1 without ${field}: cannot derive validAt`);
  return value;
}

function textOf(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Error(`a stored v1 event without a text ${field}`);
  return value;
}

const validAtSteps: Upcaster[] = VALID_AT_FROM.map(([type, field]) => ({
  type,
  from: 1,
  upcast: (data) => ({ ...data, validAt: dateOf(data, field, type) }),
}));

/**
 * ProjectListedInPlan v2 carries the funding sources and shared figure the document gives
 * the project. Every v1 event was written by the seed loader from the named-projects file,
 * so that file, keyed by the project, says what v2 would have recorded.
 */
const listedInPlanStep: Upcaster = {
  type: 'ProjectListedInPlan',
  from: 1,
  upcast: (data) => {
    const { fundingSourceCodes, sharedInvestment } = namedProjectFunding(
      textOf(data.projectId, 'projectId'),
    );
    return { ...data, fundingSourceCodes, sharedInvestment };
  },
};

/** ProgrammeEstablished v2 spells funding-source codes with "_", as every other event does. */
const programmeFundingCodesStep: Upcaster = {
  type: 'ProgrammeEstablished',
  from: 1,
  upcast: (data) => {
    const sources = Array.isArray(data.fundingSources) ? data.fundingSources : [];
    return {
      ...data,
      fundingSources: sources.map((source) =>
        source !== null && typeof source === 'object' && !Array.isArray(source)
          ? { ...source, code: textOf(source.code, 'fundingSources[].code').replace(/-/g, '_') }
          : source,
      ),
    };
  },
};

/** Every step of every published type, in one list: the catalog and every reader use it. */
export const LEDGER_UPCASTERS: readonly Upcaster[] = [
  ...validAtSteps,
  listedInPlanStep,
  programmeFundingCodesStep,
];
