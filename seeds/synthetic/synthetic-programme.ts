/**
 * A SYNTHETIC programme for benchmarks and demos: generated volume, never real data.
 * Every generated project carries `synthetic: true` on its first event, and its id starts
 * with `synthetic-`. Counts per network follow the plan document; everything else (names,
 * amounts, dates, reports) is made up, deterministically from a seed.
 */
import { formatYuan, fen } from '@ledger/domain-kernel';
import { ProjectEvent } from '@ledger/contracts';
import { DispatchReportEvent } from '@ledger/contracts';

export interface SyntheticOptions {
  /** Projects in all (the document's 2,188 by default), spread over networks as it does. */
  projects: number;
  /** Months reported, from January 2020 (72 = to December 2025). */
  months: number;
  disbursementsPerMonth: number;
  /** Seed of the pseudo-random numbers: the same seed gives the same programme. */
  seed: number;
  /** The due date of a month's report (from the working-day calendar). */
  dueOn: (period: string) => string;
}

export interface SyntheticStream {
  streamId: string;
  events: Array<ProjectEvent | DispatchReportEvent>;
}

/** The document's project counts (water states none: 2,188 minus the others). */
const NETWORK_SHARES: ReadonlyArray<[string, number, string[]]> = [
  ['info', 389, ['5g', 'big-data-centre', 'industrial-internet']],
  ['road', 106, ['highway', 'rail', 'airport', 'hub']],
  ['water', 12, ['water-infrastructure', 'water-diversion']],
  ['power', 114, ['distribution', 'charging-piles']],
  ['oilgas', 107, ['gas-pipelines', 'filling-stations']],
  ['municipal', 1289, ['heating', 'water-supply', 'urban-roads', 'sewage']],
  ['social', 171, ['education', 'health']],
];
const TAGS: Record<string, string[]> = {
  '5g': ['5g'],
  'big-data-centre': ['big-data-centre'],
  'industrial-internet': ['industrial-internet'],
  rail: ['intercity-rail'],
  'charging-piles': ['ev-charging'],
};
const REGIONS = [
  'changchun',
  'jilin-city',
  'siping',
  'liaoyuan',
  'tonghua',
  'baishan',
  'songyuan',
  'baicheng',
  'yanbian',
  'changbaishan',
  'changchun-new-area',
  'meihekou',
  'gongzhuling',
];

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function period(month: number): string {
  return `${2020 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Yields each project's planning stream, then its dispatch-report stream. */
export function* syntheticProgramme(options: SyntheticOptions): Generator<SyntheticStream> {
  const rand = random(options.seed);
  const scale = options.projects / 2188;
  let index = 0;
  for (const [network, count, categories] of NETWORK_SHARES) {
    const n = Math.max(1, Math.round(count * scale));
    for (let i = 0; i < n; i++, index++) {
      const projectId = `synthetic-${network}-${String(i + 1).padStart(4, '0')}`;
      const category = categories[i % categories.length]!;
      // 0.5 to 20 亿元, in whole ten-thousands of yuan: fen values stay exact integers.
      const totalFen = BigInt(Math.round(5_000 + rand() * 195_000)) * 1_000_000n;
      const perMonth = (totalFen / BigInt(options.months) / 100n) * 100n;
      const perPayment =
        (perMonth / BigInt(Math.max(1, options.disbursementsPerMonth)) / 100n) * 100n;
      const years = Math.ceil(options.months / 12);
      const annualAmount = (totalFen / BigInt(years) / 100n) * 100n;
      const planning: ProjectEvent[] = [
        {
          type: 'ProjectProposed',
          data: {
            projectId,
            nameZh: `合成项目${network}第${i + 1}号`,
            nameEn: `Synthetic ${network} project ${i + 1}`,
            networkCode: network,
            categoryCode: category,
            tags: TAGS[category] ?? [],
            regionCode: REGIONS[index % REGIONS.length]!,
            responsibleUnit: `合成建设单位${(index % 97) + 1}`,
            constructionNature: 'new_build',
            plannedTotalInvestment: formatYuan(fen(totalFen)),
            fundingPlan: [],
            plannedStart: '2020-01-01',
            plannedEnd: `${2019 + years}-12-31`,
            annualInvestmentPlan: Array.from({ length: years }, (_, y) => ({
              year: 2020 + y,
              amount: formatYuan(fen(annualAmount)),
            })),
            synthetic: true,
          },
        },
        {
          type: 'ProjectApproved',
          data: {
            projectId,
            authority: '合成审批机关',
            documentNumber: `合成〔2020〕${index + 1}号`,
            approvedInvestment: formatYuan(fen(totalFen)),
            approvedOn: '2020-01-02',
            validAt: '2020-01-02',
          },
        },
        {
          type: 'ConstructionStarted',
          data: { projectId, startedOn: '2020-01-06', validAt: '2020-01-06' },
        },
      ];
      const reports: DispatchReportEvent[] = [];
      let cumulative = 0n;
      for (let m = 0; m < options.months; m++) {
        const p = period(m);
        for (let k = 0; k < options.disbursementsPerMonth; k++) {
          planning.push({
            type: 'FundsDisbursed',
            data: {
              projectId,
              disbursementId: `${p}-${k + 1}`,
              amount: formatYuan(fen(perPayment)),
              source: k % 2 === 0 ? 'special_bonds' : 'bank_credit',
              paidOn: `${p}-${String(10 + k).padStart(2, '0')}`,
              payee: '合成收款单位',
              validAt: `${p}-${String(10 + k).padStart(2, '0')}`,
            },
          });
        }
        cumulative += perMonth;
        const dueOn = options.dueOn(p);
        const late = rand() < 0.05;
        reports.push({
          type: 'DispatchReportSubmitted',
          data: {
            projectId,
            period: p,
            investmentInMonth: formatYuan(fen(perMonth)),
            cumulativeInvestment: formatYuan(fen(cumulative)),
            physicalProgressPercent: `${Math.min(100, Math.floor(((m + 1) * 100) / options.months))}.00`,
            physicalProgress: '按计划推进',
            quantities: [],
            problems: null,
            submittedBy: `合成建设单位${(index % 97) + 1}`,
            dueOn,
            // A late report comes a week after its due date, still a plain calendar date.
            submittedOn: late ? addDays(dueOn, 7) : dueOn,
            late,
          },
        });
      }
      yield { streamId: `project-${projectId}`, events: planning };
      yield { streamId: `dispatch-reports-${projectId}`, events: reports };
    }
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
