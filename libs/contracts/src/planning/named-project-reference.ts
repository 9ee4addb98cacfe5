import namedProjects from '../../../../seeds/jilin-761/named-projects.json';
import { FUNDING_SOURCES, FundingSource } from './project-vocabulary';
import { SharedInvestment } from './project.events';

/**
 * What the plan document says of each project it names beyond what version 1 of
 * ProjectListedInPlan recorded: its funding sources and a figure it shares with others.
 * Read from the seed's reference data (seeds/jilin-761/named-projects.json), the very file
 * the seed loader listed those projects from, keyed by project id; every figure keeps its
 * line and quote. A project the document does not name (synthetic, proposed later) has
 * neither.
 */
export interface NamedProjectFunding {
  fundingSourceCodes: FundingSource[];
  sharedInvestment: SharedInvestment | null;
}

interface ReferenceEntry {
  id: string;
  fundingSourceCodes?: string[];
  sharedInvestment?: {
    value: string;
    sharedWith: string[];
    note: string;
    source: { line: number; quote: string };
  };
}

const KNOWN: ReadonlySet<string> = new Set(FUNDING_SOURCES);

function fundingSource(code: string, projectId: string): FundingSource {
  if (!KNOWN.has(code)) {
    throw new Error(
      `named-projects.json: ${projectId} names funding source "${code}", not one of the plan's`,
    );
  }
  return code as FundingSource;
}

const BY_PROJECT: ReadonlyMap<string, NamedProjectFunding> = new Map(
  (namedProjects.projects as ReferenceEntry[]).map((p) => [
    p.id,
    {
      fundingSourceCodes: (p.fundingSourceCodes ?? []).map((c) => fundingSource(c, p.id)),
      sharedInvestment: p.sharedInvestment
        ? {
            valueYi: p.sharedInvestment.value,
            sharedWith: [...p.sharedInvestment.sharedWith],
            note: p.sharedInvestment.note,
            source: {
              line: p.sharedInvestment.source.line,
              quote: p.sharedInvestment.source.quote,
            },
          }
        : null,
    },
  ]),
);

const NONE: NamedProjectFunding = { fundingSourceCodes: [], sharedInvestment: null };

export function namedProjectFunding(projectId: string): NamedProjectFunding {
  const found = BY_PROJECT.get(projectId);
  return found
    ? {
        fundingSourceCodes: [...found.fundingSourceCodes],
        sharedInvestment: found.sharedInvestment && {
          ...found.sharedInvestment,
          sharedWith: [...found.sharedInvestment.sharedWith],
          source: { ...found.sharedInvestment.source },
        },
      }
    : { ...NONE, fundingSourceCodes: [] };
}
