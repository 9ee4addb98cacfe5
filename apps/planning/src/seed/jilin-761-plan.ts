import { parseYi } from '@ledger/domain-kernel';
import { FUNDING_SOURCES, FundingSource, namedProjectFunding } from '@ledger/contracts';
import { Jilin761Seed, SourcedAmount, SourcedCount } from '../../../../seeds/jilin-761/seed-data';
import { EstablishProgramme } from '../programme/domain/programme.decider';
import { BudgetAllocated, Figure } from '../programme/domain/programme.events';
import { ProjectId } from '../project/domain/project-id';
import { ListProjectFromPlan } from '../project/domain/project.commands';

/**
 * The 761 plan document as commands: the programme in one, then one per project it names.
 * Pure mapping; every figure keeps its source line. Nothing here is synthetic.
 */
const amount = (figure: SourcedAmount): Figure<string> => ({
  value: figure.value,
  source: { line: figure.source.line, quote: figure.source.quote },
});
const count = (figure: SourcedCount): Figure<number> => ({
  value: figure.value,
  source: { line: figure.source.line, quote: figure.source.quote },
});

function budgets(seed: Jilin761Seed): BudgetAllocated['data'][] {
  const out: BudgetAllocated['data'][] = [];
  for (const network of seed.networks.networks) {
    for (const budget of network.budgets) {
      out.push({
        networkCode: network.code,
        categoryCode: null,
        regionCode: null,
        period: budget.period,
        amountYi: amount(budget.investment),
        projectCount: null,
      });
    }
    for (const category of network.categories) {
      for (const budget of category.budgets) {
        // Some category budgets state only a floor or parts: only stated investments become budgets.
        if (!budget.investment) continue;
        const stated =
          budget.projectCount && !budget.projectCount.derived ? budget.projectCount : null;
        out.push({
          networkCode: network.code,
          categoryCode: category.code,
          regionCode: null,
          period: budget.period,
          amountYi: amount(budget.investment),
          projectCount: stated ? count(stated) : null,
        });
      }
    }
    for (const share of network.byRegion ?? []) {
      out.push({
        networkCode: network.code,
        categoryCode: null,
        regionCode: share.regionCode,
        period: 'programme',
        amountYi: amount(share.investment),
        projectCount: count(share.projectCount),
      });
    }
  }
  return out;
}

export function establishProgrammeFromSeed(seed: Jilin761Seed): EstablishProgramme {
  const p = seed.programme;
  return {
    type: 'EstablishProgramme',
    programme: {
      programmeCode: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      documentNumber: p.document.number,
      documentTitleZh: p.document.titleZh,
      issuerZh: p.document.issuerZh,
      issuedOn: p.document.issueDate,
      startYear: p.period.startYear,
      endYear: p.period.endYear,
      totalInvestmentYi: amount(p.totalInvestment),
      totalProjects: count(p.totalProjects),
      newInfrastructureTags: p.newInfrastructureTags.map((t) => ({
        code: t.code,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        source: t.source,
      })),
      fundingSources: p.fundingSources.map((f) => ({
        code: fundingSourceCode(f.code),
        nameZh: f.nameZh,
        nameEn: f.nameEn,
        isDebt: f.isDebt,
        source: f.source,
      })),
    },
    departments: seed.departments.departments.map((d) => ({
      code: d.code,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      kind: d.kind,
      source: d.source,
    })),
    regions: seed.regions.regions.map((r) => ({
      code: r.code,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      kind: r.kind,
      source: r.source,
    })),
    networks: seed.networks.networks.map((n) => ({
      code: n.code,
      nameZh: n.nameZh,
      nameEn: n.nameEn,
      annex: n.annex,
      leadDepartment: n.leadDepartment,
      coResponsible: n.coResponsible,
      responsibilitySource: n.responsibilitySource,
      totalInvestmentYi: amount(n.totalInvestment),
      mainTextTotalInvestmentYi: amount(n.mainTextTotalInvestment),
      projectCount: n.projectCount ? count(n.projectCount) : null,
    })),
    categories: seed.networks.networks.flatMap((n) =>
      n.categories.map((c) => ({
        networkCode: n.code,
        code: c.code,
        parentCode: c.parentCode,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        projectCount: c.projectCount ? count(c.projectCount) : null,
        investmentYi: c.investment ? amount(c.investment) : null,
      })),
    ),
    budgets: budgets(seed),
    targets: [
      ...seed.targets.targets.map((t) => ({
        code: t.code,
        networkCode: t.networkCode,
        categoryCode: t.categoryCode,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        kind: t.kind,
        unit: t.unit,
        comparator: t.comparator,
        value: t.value,
        valueMin: t.valueMin ?? null,
        valueMax: t.valueMax ?? null,
        year: t.year,
        byEndOf: t.byEndOf,
        period: t.period,
        source: t.source,
      })),
      ...seed.targets.qualitativeTargets.map((t) => ({
        code: t.code,
        networkCode: t.networkCode,
        categoryCode: t.categoryCode,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        kind: null,
        unit: null,
        comparator: null,
        value: null,
        valueMin: null,
        valueMax: null,
        year: t.year,
        byEndOf: t.byEndOf,
        period: null,
        source: t.source,
      })),
    ],
    discrepancies: seed.discrepancies.discrepancies.map((d) => ({
      code: d.code,
      networkCode: d.networkCode,
      severity: d.severity,
      description: d.description,
      figures: d.figures.map((f) => ({ label: f.label, value: f.value, source: f.source ?? null })),
    })),
  };
}

export function listNamedProjectsFromSeed(seed: Jilin761Seed): ListProjectFromPlan[] {
  const document = seed.programme.document.number;
  return seed.namedProjects.projects.map((p) => ({
    type: 'ListProjectFromPlan',
    // Named-project ids in the seed follow the project id format (checked by the seed tests).
    projectId: p.id as ProjectId,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    networkCode: p.networkCode,
    categoryCode: p.categoryCode,
    tags: p.newInfraTags,
    regionCodes: p.regionCodes,
    plannedTotalInvestment: p.plannedInvestment
      ? parseYi(p.plannedInvestment.value, `${p.id}.plannedInvestment`)
      : null,
    source: { document, line: p.source.line, quote: p.source.quote },
    synthetic: false,
    // The same reference the upcaster of version 1 reads: one reading of the file.
    ...namedProjectFunding(p.id),
  }));
}

const FUNDING_CODES: ReadonlySet<string> = new Set(FUNDING_SOURCES);

function fundingSourceCode(code: string): FundingSource {
  if (!FUNDING_CODES.has(code)) throw new Error(`programme.json: unknown funding source "${code}"`);
  return code as FundingSource;
}
