import {
  allSourceReferences,
  childPath,
  type Discrepancy,
  type DiscrepancyFigure,
  type Jilin761Seed,
  loadJilin761Seed,
  type Network,
  readRawJilin761Seed,
  readSourceDocumentLines,
  type RawJilin761Seed,
  SEED_FILES,
  type SourcedAmount,
  type SourceRef,
} from './seed-data';

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic: amounts are integers in units of 0.0001 亿元 (bigint, no floats).
// ---------------------------------------------------------------------------------------------

const SCALE = 4;
const ONE = 10n ** BigInt(SCALE);

/** "2116.85" -> 21168500n. Throws on anything that is not a plain decimal with <= 4 places. */
function units(decimal: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) throw new Error(`not a decimal string: ${JSON.stringify(decimal)}`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > SCALE) {
    throw new Error(`more than ${SCALE} decimal places: ${JSON.stringify(decimal)}`);
  }
  return BigInt(whole!) * ONE + BigInt(fraction.padEnd(SCALE, '0'));
}

/** 21168400n -> "2116.84" (shortest form). */
function decimalString(amount: bigint): string {
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  const whole = abs / ONE;
  const fraction = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

function sum(values: readonly string[]): bigint {
  return values.reduce((total, value) => total + units(value), 0n);
}

/** Round half up to a whole 亿元 (the main text's rounding of annex figures). */
function roundToWhole(amount: bigint): bigint {
  return ((amount + ONE / 2n) / ONE) * ONE;
}

/**
 * Evaluates a discrepancy formula such as "(215+408) + (8.01+7.26) - 30.52" exactly.
 * Returns null when the formula is prose rather than arithmetic ("sum of the 12 regional rows").
 */
function evaluateFormula(formula: string): bigint | null {
  const tokens = formula.match(/\d+(?:\.\d+)?|[-+()]|\S/g) ?? [];
  if (tokens.some((token) => !/^(\d+(?:\.\d+)?|[-+()])$/.test(token))) return null;
  let position = 0;
  const term = (): bigint => {
    const token = tokens[position++];
    if (token === '(') {
      const value = expression();
      if (tokens[position++] !== ')') throw new Error(`unbalanced parentheses in ${formula}`);
      return value;
    }
    if (token === undefined || !/^\d/.test(token)) throw new Error(`bad formula: ${formula}`);
    return units(token);
  };
  const expression = (): bigint => {
    let value = term();
    while (tokens[position] === '+' || tokens[position] === '-') {
      const operator = tokens[position++];
      value = operator === '+' ? value + term() : value - term();
    }
    return value;
  };
  const value = expression();
  if (position !== tokens.length) throw new Error(`trailing tokens in formula: ${formula}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Fails with every problem listed in one message. */
function expectNoProblems(title: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new Error(`${title}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  }
  expect(problems).toHaveLength(0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSourceRef(value: unknown): value is SourceRef {
  return isRecord(value) && typeof value.line === 'number' && typeof value.quote === 'string';
}

interface Leaf {
  /** File and JSON path, e.g. `networks.json:$.networks[5].totalInvestment.value`. */
  where: string;
  /** Object keys from the file root to the leaf (array indexes left out). */
  keys: readonly string[];
  value: string | number | boolean | null;
}

function allLeaves(seed: RawJilin761Seed): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (value: unknown, where: string, keys: readonly string[]): void => {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      items.forEach((item, index) => visit(item, childPath(where, index), keys));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, childPath(where, key), [...keys, key]);
      }
    } else if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      value === null
    ) {
      leaves.push({ where, keys, value });
    } else {
      throw new Error(`${where}: unexpected ${typeof value}`);
    }
  };
  for (const part of Object.keys(SEED_FILES) as Array<keyof Jilin761Seed>) {
    visit(seed[part], `${SEED_FILES[part]}:$`, []);
  }
  return leaves;
}

/** Every object in the seed, with its path. */
function allObjects(
  seed: RawJilin761Seed,
): Array<{ where: string; object: Record<string, unknown> }> {
  const found: Array<{ where: string; object: Record<string, unknown> }> = [];
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      items.forEach((item, index) => visit(item, childPath(where, index)));
    } else if (isRecord(value)) {
      found.push({ where, object: value });
      for (const [key, child] of Object.entries(value)) visit(child, childPath(where, key));
    }
  };
  for (const part of Object.keys(SEED_FILES) as Array<keyof Jilin761Seed>) {
    visit(seed[part], `${SEED_FILES[part]}:$`);
  }
  return found;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

function describeFigure(figure: DiscrepancyFigure): string {
  return figure.source
    ? `${figure.value} (line ${figure.source.line}: ${figure.source.quote})`
    : `${figure.value} (derived: ${figure.formula ?? '?'})`;
}

/** Stated (sourced) figures of a discrepancy with the given amount. */
function statedFigures(discrepancy: Discrepancy, amount: bigint): DiscrepancyFigure[] {
  return discrepancy.figures.filter(
    (figure) => figure.source !== undefined && units(figure.value) === amount,
  );
}

/** Derived figures of a discrepancy with the given amount. */
function derivedFigures(discrepancy: Discrepancy, amount: bigint): DiscrepancyFigure[] {
  return discrepancy.figures.filter(
    (figure) => figure.derived === true && units(figure.value) === amount,
  );
}

/**
 * The discrepancies of `networkCode` that record both a stated figure (with a source on the
 * stated line) and a derived figure equal to what the parts actually sum to.
 */
function discrepanciesRecording(
  seed: Jilin761Seed,
  networkCode: string | null,
  stated: SourcedAmount,
  computed: bigint,
): Discrepancy[] {
  const statedAmount = units(stated.value);
  return seed.discrepancies.discrepancies.filter(
    (discrepancy) =>
      discrepancy.networkCode === networkCode &&
      statedFigures(discrepancy, statedAmount).some(
        (figure) => figure.source?.line === stated.source.line,
      ) &&
      derivedFigures(discrepancy, computed).length > 0,
  );
}

function networkByCode(seed: Jilin761Seed, code: string): Network {
  const network = seed.networks.networks.find((candidate) => candidate.code === code);
  if (!network) throw new Error(`networks.json has no network ${code}`);
  return network;
}

const EXPECTED_NETWORK_CODES = ['info', 'road', 'water', 'power', 'oilgas', 'municipal', 'social'];

// ---------------------------------------------------------------------------------------------

describe('Jilin 761 seed data (seeds/jilin-761)', () => {
  /** The parsed files, unvalidated: the generic walks run on these even if validation fails. */
  let raw: RawJilin761Seed;
  let seed: Jilin761Seed;
  let loadError: Error | undefined;
  let sourceLines: string[];

  beforeAll(() => {
    raw = readRawJilin761Seed();
    sourceLines = readSourceDocumentLines();
    try {
      seed = loadJilin761Seed();
    } catch (error: unknown) {
      loadError = error instanceof Error ? error : new Error(String(error));
    }
  });

  /** Tests that use the typed seed fail with the validation error when a file is malformed. */
  const requireValidSeed = (): void => {
    if (loadError !== undefined) throw loadError;
  };

  describe('loading', () => {
    beforeEach(requireValidSeed);

    it('decodes every file into exactly the declared interfaces (no unknown or missing keys)', () => {
      expect(() => loadJilin761Seed()).not.toThrow();
      expect(seed.networks.networks.map((network) => network.code)).toEqual(EXPECTED_NETWORK_CODES);
      expect(seed.regions.regions).toHaveLength(13);
      expect(sourceLines.length).toBeGreaterThan(200);
    });

    it('reports every source reference with a JSON path', () => {
      const references = allSourceReferences(seed);
      expect(references).toContainEqual({
        where: 'programme.json:$.totalInvestment.source',
        line: 23,
        quote: '总投资10962亿元',
      });
      const municipal = seed.networks.networks.findIndex((n) => n.code === 'municipal');
      expect(references).toContainEqual({
        where: `networks.json:$.networks[${municipal}].byRegion[0].investment.source`,
        line: 239,
        quote: '长春地区346项,总投资845.04亿元',
      });
      // The walk is generic: it must find references under every file and at any depth.
      const files = new Set(references.map((reference) => reference.where.split(':')[0]));
      expect([...files].sort()).toEqual(Object.values(SEED_FILES).sort());
    });
  });

  // These walk the raw files, so they still report when a file fails validation.
  describe('source references', () => {
    it('every quote occurs verbatim in the stated line of the source document', () => {
      const references = allSourceReferences(raw);
      const problems: string[] = [];
      for (const { where, line, quote } of references) {
        const text = Number.isInteger(line) && line >= 1 ? sourceLines[line - 1] : undefined;
        if (text === undefined) {
          problems.push(`${where}: line ${line} is not a line of the document; quote ${quote}`);
        } else if (quote.length === 0) {
          problems.push(`${where}: empty quote (line ${line})`);
        } else if (!text.includes(quote)) {
          const elsewhere = sourceLines
            .map((candidate, index) => (candidate.includes(quote) ? index + 1 : 0))
            .filter((index) => index > 0);
          problems.push(
            `${where}: line ${line} does not contain ${JSON.stringify(quote)}` +
              (elsewhere.length > 0 ? ` (found on line ${elsewhere.join(', ')})` : ' (not found)'),
          );
        }
      }
      expectNoProblems('source references whose quote is not in the stated line', problems);
      expect(references.length).toBeGreaterThan(1000);
    });

    it('holds the dated goals the seed once missed (road, AI, grid structure, municipal plans), each on its line', () => {
      requireValidSeed();
      // [code, line, a phrase its quote must carry]: the goals of lines 58, 92-94, 152, 158, 244.
      const expected: Array<[string, number, string, number]> = [
        ['expressways-changchun-shenyang-harbin-8-lanes', 93, '8车道', 2020],
        ['expressway-yanji-changbaishan-direct', 93, '延吉至长白山', 2020],
        ['corridors-changjihun-changbaitongdan-expressway', 93, '长吉珲、长白通丹', 2020],
        ['expressway-huadian-linjiang-changbai', 93, '桦甸市、临江市、长白县', 2025],
        ['changchun-east-half-ring-expressway', 93, '东半环', 2025],
        ['port-bridges-class1', 94, '口岸桥梁', 2025],
        ['every-prefecture-emu', 92, '市市通动车', 2025],
        ['ai-development-system-2020', 58, '人工智能发展体系', 2020],
        ['grid-500kv-double-ring', 152, '500千伏', 2025],
        ['grid-220kv-double-ring-zones', 158, '220千伏电网双环网分区运行', 2025],
        ['municipal-14th-fyp-plans-by-2020-09', 244, '2020年9月底前', 2020],
      ];
      const byCode = new Map(seed.targets.qualitativeTargets.map((t) => [t.code, t]));
      for (const [code, line, phrase, byEndOf] of expected) {
        const target = byCode.get(code);
        expect({ code, found: target !== undefined }).toEqual({ code, found: true });
        expect({ code, line: target!.source.line, byEndOf: target!.byEndOf }).toEqual({
          code,
          line,
          byEndOf,
        });
        expect(target!.source.quote).toContain(phrase);
        expect(sourceLines[line - 1]).toContain(target!.source.quote);
      }
    });

    it('every stated figure is written in its own quote ({ value, source }: quote contains the value)', () => {
      const problems: string[] = [];
      let checked = 0;
      for (const { where, object } of allObjects(raw)) {
        if (!('value' in object) || !isSourceRef(object.source) || object.derived === true)
          continue;
        const asWritten =
          typeof object.valueAsWritten === 'string'
            ? [object.valueAsWritten]
            : [object.value, object.valueMin, object.valueMax]
                .filter((value) => typeof value === 'string' || typeof value === 'number')
                .map(String);
        if (asWritten.length === 0) problems.push(`${where}: no value to look for`);
        checked += 1;
        for (const value of asWritten) {
          if (!object.source.quote.includes(value)) {
            problems.push(
              `${where}: value ${value} not in quote ${JSON.stringify(object.source.quote)} (line ${object.source.line})`,
            );
          }
        }
      }
      expectNoProblems('stated figures not found in their quote', problems);
      expect(checked).toBeGreaterThan(500);
    });
  });

  describe('amounts are exact decimal strings', () => {
    const MONEY_KEY = /investment|amount|budget|total|planned/i;
    const COUNT_KEY = /count|projects|continuing|newStarts|stations/i;
    const NOTE_KEY = /note$/i;

    it('no amount anywhere is a JSON number (keys named *investment*, *amount*, *budget*, *total*, *planned*)', () => {
      const problems: string[] = [];
      let checked = 0;
      for (const leaf of allLeaves(raw)) {
        const moneyIndex = leaf.keys.findIndex(
          (key) => MONEY_KEY.test(key) && !COUNT_KEY.test(key) && !NOTE_KEY.test(key),
        );
        if (moneyIndex < 0) continue;
        // A count nested inside a money object (e.g. budgets[].projectCount) is not money.
        if (leaf.keys.slice(moneyIndex + 1).some((key) => COUNT_KEY.test(key))) continue;
        const key = leaf.keys[leaf.keys.length - 1]!;
        // `line` belongs to a source reference; null means "not stated in the document".
        if (key === 'line' || leaf.value === null) continue;
        if (typeof leaf.value === 'number') {
          problems.push(`${leaf.where}: amount is a JSON number ${leaf.value}`);
        } else if (key === 'value' || MONEY_KEY.test(key)) {
          checked += 1;
          if (typeof leaf.value !== 'string') {
            problems.push(`${leaf.where}: amount is ${JSON.stringify(leaf.value)}, not a string`);
          } else {
            try {
              units(leaf.value);
            } catch (error: unknown) {
              problems.push(`${leaf.where}: ${error instanceof Error ? error.message : 'bad'}`);
            }
          }
        }
      }
      expectNoProblems('amounts that are not decimal strings', problems);
      expect(checked).toBeGreaterThan(120);
    });

    it('every JSON number is an integer under a count, ordinal or year key', () => {
      const allowed = new Set([
        'line',
        'annex',
        'number',
        'year',
        'byEndOf',
        'startYear',
        'endYear',
        'stations',
        'projectCount',
        'derivedProjectCount',
        'subProjectCount',
        'subProjects',
        'continuing',
        'continuingSubProjects',
        'newStarts',
        'newStartSubProjects',
        'totalProjects',
        'newInfrastructureCount',
        'networkCount',
        'shortfallCount',
        'prefectureCount',
        'dueWorkingDaysAfterMonthEnd',
      ]);
      const problems: string[] = [];
      for (const leaf of allLeaves(raw)) {
        if (typeof leaf.value !== 'number') continue;
        const key = [...leaf.keys].reverse().find((candidate) => candidate !== 'value') ?? '';
        if (!allowed.has(key)) problems.push(`${leaf.where}: number ${leaf.value} under "${key}"`);
        else if (!Number.isSafeInteger(leaf.value) || leaf.value < 0) {
          problems.push(`${leaf.where}: ${leaf.value} is not a non-negative integer`);
        }
      }
      expectNoProblems('JSON numbers that are not counts, ordinals or years', problems);
    });

    it('every derived figure in discrepancies.json equals its formula, computed exactly', () => {
      requireValidSeed();
      const problems: string[] = [];
      let evaluated = 0;
      for (const discrepancy of seed.discrepancies.discrepancies) {
        for (const figure of discrepancy.figures) {
          const where = `${discrepancy.code} / ${figure.label}`;
          if (figure.derived === true) {
            if (figure.formula === undefined) {
              problems.push(`${where}: derived without a formula`);
              continue;
            }
            if (figure.source !== undefined) problems.push(`${where}: derived but has a source`);
            const value = evaluateFormula(figure.formula);
            if (value === null) continue; // prose formula, checked where it applies
            evaluated += 1;
            if (value !== units(figure.value)) {
              problems.push(
                `${where}: ${figure.formula} = ${decimalString(value)}, data says ${figure.value}`,
              );
            }
          } else if (figure.source === undefined) {
            problems.push(`${where}: stated figure without a source`);
          }
        }
      }
      expectNoProblems('derived discrepancy figures that do not match their formula', problems);
      expect(evaluated).toBeGreaterThan(20);
    });
  });

  describe('reconciliation with the programme total 10,962 亿元', () => {
    beforeEach(requireValidSeed);

    it('the rounded main-text network totals sum exactly to the stated 10962', () => {
      const programmeTotal = seed.programme.totalInvestment;
      expect(programmeTotal.value).toBe('10962');
      expect(programmeTotal.source.line).toBe(23);
      const mainText = sum(seed.networks.networks.map((n) => n.mainTextTotalInvestment.value));
      expect(decimalString(mainText)).toBe('10962');
      expect(mainText).toBe(units(programmeTotal.value));
      for (const network of seed.networks.networks) {
        expect(network.mainTextTotalInvestment.source.line).toBe(23);
      }
    });

    it('each main-text total is its annex total rounded to a whole 亿元', () => {
      const problems = seed.networks.networks
        .filter(
          (n) =>
            roundToWhole(units(n.totalInvestment.value)) !== units(n.mainTextTotalInvestment.value),
        )
        .map(
          (n) =>
            `${n.code}: annex ${n.totalInvestment.value} vs main text ${n.mainTextTotalInvestment.value}`,
        );
      expectNoProblems('main-text totals that are not the rounded annex totals', problems);
    });

    it('the exact annex totals sum to 10961.12, 0.88 short, and discrepancies.json records it', () => {
      const exact = sum(seed.networks.networks.map((n) => n.totalInvestment.value));
      expect(decimalString(exact)).toBe('10961.12');
      expect(units(seed.programme.sumOfNetworkTotalsExact.value)).toBe(exact);
      const programmeTotal = seed.programme.totalInvestment;
      expect(decimalString(units(programmeTotal.value) - exact)).toBe('0.88');

      const recording = discrepanciesRecording(seed, null, programmeTotal, exact);
      expect(recording.map((d) => d.code)).toEqual(['programme-total-rounding']);
      const discrepancy = recording[0]!;
      expect(discrepancy.severity).toBe('rounding');
      // The derived rounded sum is recorded too, and matches.
      const rounded = sum(seed.networks.networks.map((n) => n.mainTextTotalInvestment.value));
      expect(derivedFigures(discrepancy, rounded).length).toBeGreaterThan(0);
      // Every network whose main-text figure differs from its annex figure is listed with both,
      // each with the source the network carries.
      const problems: string[] = [];
      for (const network of seed.networks.networks) {
        if (network.totalInvestment.value === network.mainTextTotalInvestment.value) continue;
        for (const figure of [network.totalInvestment, network.mainTextTotalInvestment]) {
          const listed = statedFigures(discrepancy, units(figure.value)).some(
            (candidate) =>
              candidate.source?.line === figure.source.line &&
              candidate.source.quote === figure.source.quote,
          );
          if (!listed) {
            problems.push(`${network.code}: ${figure.value} (line ${figure.source.line}) missing`);
          }
        }
      }
      expectNoProblems('network totals missing from programme-total-rounding', problems);
    });

    it('network project counts: 2188 stated; the stated network counts sum to 2176 (water has none)', () => {
      expect(seed.programme.totalProjects.value).toBe(2188);
      const water = networkByCode(seed, 'water');
      expect(water.projectCount).toBeNull();
      const stated = seed.networks.networks.reduce(
        (total, network) => total + (network.projectCount?.value ?? 0),
        0,
      );
      expect(stated).toBe(2176);
      expect(water.derivedProjectCount?.value).toBe(seed.programme.totalProjects.value - stated);
    });
  });

  describe('municipal network (annex 6)', () => {
    beforeEach(requireValidSeed);

    it('states 2,116.85 亿元 and 1,289 projects', () => {
      const municipal = networkByCode(seed, 'municipal');
      expect(municipal.totalInvestment.value).toBe('2116.85');
      expect(municipal.totalInvestment.source.line).toBe(239);
      expect(municipal.projectCount?.value).toBe(1289);
      expect(municipal.projectCount?.source.line).toBe(239);
    });

    it('the regional split sums exactly to both 1,289 projects and 2,116.85 亿元', () => {
      const municipal = networkByCode(seed, 'municipal');
      const byRegion = municipal.byRegion ?? [];
      expect(byRegion).toHaveLength(12);
      expect(duplicates(byRegion.map((share) => share.regionCode))).toEqual([]);
      const regionCodes = new Set(seed.regions.regions.map((region) => region.code));
      expect(byRegion.filter((share) => !regionCodes.has(share.regionCode))).toEqual([]);

      const projects = byRegion.reduce((total, share) => total + share.projectCount.value, 0);
      const investment = sum(byRegion.map((share) => share.investment.value));
      expect(projects).toBe(municipal.projectCount?.value);
      expect(investment).toBe(units(municipal.totalInvestment.value));
      expect(municipal.byRegionSums?.projectCount).toBe(projects);
      expect(units(municipal.byRegionSums?.investment ?? 'missing')).toBe(investment);
    });

    it('the category split sums to 1,289 projects; its investments sum to 2116.84, recorded as a discrepancy', () => {
      const municipal = networkByCode(seed, 'municipal');
      const categories = municipal.categories.filter((category) => category.parentCode === null);
      expect(categories).toHaveLength(10);
      expect(municipal.categories).toHaveLength(10);

      const projects = categories.reduce((total, c) => total + (c.projectCount?.value ?? NaN), 0);
      expect(projects).toBe(1289);
      expect(municipal.categoriesSums?.projectCount).toBe(projects);

      const investment = sum(categories.map((c) => c.investment?.value ?? 'missing'));
      expect(decimalString(investment)).toBe('2116.84');
      expect(investment).not.toBe(units(municipal.totalInvestment.value));
      expect(units(municipal.categoriesSums?.investment ?? 'missing')).toBe(investment);
      const recording = discrepanciesRecording(
        seed,
        'municipal',
        municipal.totalInvestment,
        investment,
      );
      expect(recording.map((d) => d.code)).toEqual(['municipal-category-sums']);
    });

    it('category period budgets vs the network periods: equal, or the difference is recorded', () => {
      const municipal = networkByCode(seed, 'municipal');
      const results: Record<string, string> = {};
      for (const budget of municipal.budgets) {
        const parts = municipal.categories.map((category) => {
          const match = category.budgets.filter((b) => b.period === budget.period);
          expect(match).toHaveLength(1);
          return match[0]!.investment?.value ?? 'missing';
        });
        const total = sum(parts);
        results[budget.period] = decimalString(total);
        if (total !== units(budget.investment.value)) {
          const recording = discrepanciesRecording(seed, 'municipal', budget.investment, total);
          expect(recording.map((d) => `${budget.period}: ${d.code}`)).toEqual([
            `${budget.period}: municipal-category-sums`,
          ]);
        }
      }
      // What the data says: 2020 agrees (504.38); 2021-2025 is one cent over (1406.13 vs 1406.12).
      expect(results).toEqual({ '2020': '504.38', '2021-2025': '1406.13' });
      expect(municipal.categoriesSums?.budget2020).toBe(results['2020']);
      expect(municipal.categoriesSums?.budget2021_2025).toBe(results['2021-2025']);
    });
  });

  describe('source discrepancies that must be listed', () => {
    beforeEach(requireValidSeed);

    it('filling stations: main text 80 vs annex 13 (2020) + 70 (2021-2025), all sourced', () => {
      const oilgas = seed.discrepancies.discrepancies.filter((d) => d.networkCode === 'oilgas');
      const matching = oilgas.filter((discrepancy) =>
        ['80', '13', '70'].every((value) => statedFigures(discrepancy, units(value)).length > 0),
      );
      expect(matching.map((d) => d.code)).toEqual(['filling-stations-70-vs-80']);
      const discrepancy = matching[0]!;
      expect(discrepancy.severity).toBe('contradiction');

      const annex5 = seed.programme.document.annexes.find((annex) => annex.number === 5)!;
      const annex6 = seed.programme.document.annexes.find((annex) => annex.number === 6)!;
      const mainTextEnd = seed.programme.document.annexes.find((a) => a.number === 1)!.source.line;
      const inMainText = (figure: DiscrepancyFigure): boolean =>
        (figure.source?.line ?? Infinity) < mainTextEnd;
      const inAnnex5 = (figure: DiscrepancyFigure): boolean =>
        figure.source !== undefined &&
        figure.source.line > annex5.source.line &&
        figure.source.line < annex6.source.line;

      const eighty = statedFigures(discrepancy, units('80'));
      expect(eighty.filter(inMainText).map(describeFigure)).toEqual([
        '80 (line 29: 建成加油站80座)',
      ]);
      for (const value of ['13', '70']) {
        const figures = statedFigures(discrepancy, units(value));
        expect(figures.filter(inAnnex5).length).toBeGreaterThan(0);
        for (const figure of figures) expect(figure.source?.quote).toContain('加油站');
      }
      expect(derivedFigures(discrepancy, units('83')).map((f) => f.formula)).toEqual(['13 + 70']);

      // Both readings stay in the seeds: as targets and as category quantities.
      const targets = seed.targets.targets.filter(
        (target) => target.discrepancyCode === discrepancy.code,
      );
      expect(targets.map((target) => target.value).sort()).toEqual(['70', '80']);
      const stations = networkByCode(seed, 'oilgas').categories.find(
        (category) => category.code === 'filling-stations',
      );
      const quantities = (stations?.quantities ?? []).map((quantity) => quantity.value);
      expect(quantities).toEqual(expect.arrayContaining(['80', '70', '13']));
    });

    it('social services: stated 921.18 vs the five fields summing to 920.86, all sourced', () => {
      const social = networkByCode(seed, 'social');
      expect(social.totalInvestment.value).toBe('921.18');
      const fields = social.categories.filter((category) => category.parentCode === null);
      expect(fields.map((field) => field.code)).toEqual([
        'education',
        'health',
        'civil-affairs',
        'culture-tourism',
        'sports',
      ]);
      const projects = fields.reduce(
        (total, field) => total + (field.projectCount?.value ?? NaN),
        0,
      );
      expect(projects).toBe(social.projectCount?.value);
      expect(projects).toBe(171);

      const parts = fields.map((field) => field.investment?.value ?? 'missing');
      const partsTotal = sum(parts);
      expect(decimalString(partsTotal)).toBe('920.86');
      expect(units(social.categoriesSums?.investment ?? 'missing')).toBe(partsTotal);

      const recording = discrepanciesRecording(seed, 'social', social.totalInvestment, partsTotal);
      expect(recording.map((d) => d.code)).toEqual(['social-parts-vs-total']);
      const discrepancy = recording[0]!;
      expect(discrepancy.severity).toBe('contradiction');
      // Each of the five parts is listed with the source the network carries for it.
      for (const field of fields) {
        const investment = field.investment!;
        const listed = statedFigures(discrepancy, units(investment.value)).filter(
          (figure) =>
            figure.source?.line === investment.source.line &&
            figure.source.quote === investment.source.quote,
        );
        expect({ field: field.code, listed: listed.length }).toEqual({
          field: field.code,
          listed: 1,
        });
      }
      expect(
        derivedFigures(discrepancy, units(social.totalInvestment.value) - partsTotal).length,
      ).toBe(1);
    });
  });

  describe('referential integrity', () => {
    beforeEach(requireValidSeed);

    it('ids are unique within each file', () => {
      const problems: string[] = [];
      const check = (what: string, values: readonly string[]): void => {
        for (const value of duplicates(values)) problems.push(`${what}: duplicate ${value}`);
      };
      check(
        'networks.json code',
        seed.networks.networks.map((n) => n.code),
      );
      for (const network of seed.networks.networks) {
        check(
          `networks.json ${network.code} category code`,
          network.categories.map((c) => c.code),
        );
      }
      check(
        'departments.json code',
        seed.departments.departments.map((d) => d.code),
      );
      check(
        'regions.json code',
        seed.regions.regions.map((r) => r.code),
      );
      check('targets.json code', [
        ...seed.targets.targets.map((t) => t.code),
        ...seed.targets.qualitativeTargets.map((t) => t.code),
      ]);
      check(
        'named-projects.json id',
        seed.namedProjects.projects.map((p) => p.id),
      );
      check(
        'discrepancies.json code',
        seed.discrepancies.discrepancies.map((d) => d.code),
      );
      check(
        'programme.json tag code',
        seed.programme.newInfrastructureTags.map((t) => t.code),
      );
      check(
        'programme.json funding code',
        seed.programme.fundingSources.map((f) => f.code),
      );
      check(
        'programme.json annex number',
        seed.programme.document.annexes.map((a) => String(a.number)),
      );
      expectNoProblems('duplicate ids', problems);
    });

    it('every code that points at another record resolves', () => {
      const networks = new Map(seed.networks.networks.map((n) => [n.code, n]));
      const categoriesOf = (networkCode: string): Set<string> =>
        new Set(networks.get(networkCode)?.categories.map((c) => c.code) ?? []);
      const departments = new Set(seed.departments.departments.map((d) => d.code));
      const regions = new Set(seed.regions.regions.map((r) => r.code));
      const projects = new Set(seed.namedProjects.projects.map((p) => p.id));
      const tags = new Set(seed.programme.newInfrastructureTags.map((t) => t.code));
      const funding = new Set(seed.programme.fundingSources.map((f) => f.code));
      const discrepancies = new Set(seed.discrepancies.discrepancies.map((d) => d.code));

      const problems: string[] = [];
      const need = (ok: boolean, message: string): void => {
        if (!ok) problems.push(message);
      };

      for (const project of seed.namedProjects.projects) {
        const at = `named-projects.json ${project.id}`;
        need(networks.has(project.networkCode), `${at}: networkCode ${project.networkCode}`);
        need(
          categoriesOf(project.networkCode).has(project.categoryCode),
          `${at}: categoryCode ${project.categoryCode} not in network ${project.networkCode}`,
        );
        for (const code of project.regionCodes) need(regions.has(code), `${at}: region ${code}`);
        need(
          project.regionCodes.length > 0 === (project.regionBasis !== null),
          `${at}: regionBasis ${project.regionBasis} with regions [${project.regionCodes.join()}]`,
        );
        for (const tag of project.newInfraTags) need(tags.has(tag), `${at}: tag ${tag}`);
        for (const code of project.fundingSourceCodes ?? []) {
          need(funding.has(code), `${at}: funding source ${code}`);
        }
        for (const code of project.alsoInNetworks ?? []) {
          need(networks.has(code), `${at}: alsoInNetworks ${code}`);
        }
        const shared = project.sharedInvestment?.sharedWith ?? [];
        for (const id of shared) need(projects.has(id), `${at}: sharedWith ${id}`);
        if (project.sharedInvestment) {
          need(shared.includes(project.id), `${at}: sharedWith does not include itself`);
        }
      }

      for (const network of seed.networks.networks) {
        const at = `networks.json ${network.code}`;
        const categories = categoriesOf(network.code);
        need(departments.has(network.leadDepartment), `${at}: lead ${network.leadDepartment}`);
        for (const code of network.coResponsible) {
          need(departments.has(code), `${at}: co-responsible ${code}`);
        }
        for (const share of network.byRegion ?? []) {
          need(regions.has(share.regionCode), `${at}: byRegion ${share.regionCode}`);
        }
        for (const budget of network.combinedBudgets ?? []) {
          for (const code of budget.categoryCodes) {
            need(categories.has(code), `${at}: combinedBudgets category ${code}`);
          }
        }
        for (const category of network.categories) {
          const cat = `${at}/${category.code}`;
          if (category.parentCode !== null) {
            need(categories.has(category.parentCode), `${cat}: parent ${category.parentCode}`);
          }
          if (category.responsibleDepartment !== undefined) {
            need(
              departments.has(category.responsibleDepartment),
              `${cat}: department ${category.responsibleDepartment}`,
            );
          }
          for (const id of category.namedProjects ?? []) {
            need(projects.has(id), `${cat}: named project ${id}`);
          }
          for (const region of category.regions2020New ?? []) {
            need(regions.has(region.regionCode), `${cat}: region ${region.regionCode}`);
          }
          for (const code of category.focusRegions2021_2025 ?? []) {
            need(regions.has(code), `${cat}: focus region ${code}`);
          }
        }
      }

      for (const department of seed.departments.departments) {
        for (const role of department.roles) {
          if (role.networkCode !== null) {
            need(
              networks.has(role.networkCode),
              `departments.json ${department.code}: ${role.role} of ${role.networkCode}`,
            );
          }
        }
      }

      for (const target of [...seed.targets.targets, ...seed.targets.qualitativeTargets]) {
        const at = `targets.json ${target.code}`;
        need(networks.has(target.networkCode), `${at}: network ${target.networkCode}`);
        if (target.categoryCode !== null) {
          need(
            categoriesOf(target.networkCode).has(target.categoryCode),
            `${at}: category ${target.categoryCode} not in network ${target.networkCode}`,
          );
        }
      }
      for (const target of seed.targets.targets) {
        if (target.discrepancyCode !== undefined) {
          need(
            discrepancies.has(target.discrepancyCode),
            `targets.json ${target.code}: discrepancy ${target.discrepancyCode}`,
          );
        }
      }

      for (const discrepancy of seed.discrepancies.discrepancies) {
        if (discrepancy.networkCode !== null) {
          need(
            networks.has(discrepancy.networkCode),
            `discrepancies.json ${discrepancy.code}: network ${discrepancy.networkCode}`,
          );
        }
      }

      for (const annex of seed.programme.document.annexes) {
        need(
          networks.get(annex.networkCode)?.annex === annex.number,
          `programme.json annex ${annex.number}: network ${annex.networkCode}`,
        );
      }
      const governance = seed.programme.governance;
      for (const code of [
        governance.leadingGroup.officeDepartmentCode,
        governance.projectLibrary.ownerDepartmentCode,
        governance.monthlyDispatch.recipientDepartmentCode,
      ]) {
        need(departments.has(code), `programme.json governance: department ${code}`);
      }

      expectNoProblems('dangling references', problems);
    });

    it("networks' lead and co-responsible departments match the roles in departments.json", () => {
      const roles = new Set(
        seed.departments.departments.flatMap((department) =>
          department.roles.map((role) => `${department.code} ${role.role} ${role.networkCode}`),
        ),
      );
      const problems: string[] = [];
      for (const network of seed.networks.networks) {
        const leadRole = network.leadRole?.startsWith('coordinator') ? 'coordinator' : 'lead';
        if (!roles.has(`${network.leadDepartment} ${leadRole} ${network.code}`)) {
          problems.push(`${network.code}: ${network.leadDepartment} has no ${leadRole} role`);
        }
        for (const code of network.coResponsible) {
          if (!roles.has(`${code} co-responsible ${network.code}`)) {
            problems.push(`${network.code}: ${code} has no co-responsible role`);
          }
        }
      }
      for (const department of seed.departments.departments) {
        for (const role of department.roles) {
          const network = seed.networks.networks.find((n) => n.code === role.networkCode);
          if (role.role === 'lead' && network?.leadDepartment !== department.code) {
            problems.push(`${department.code}: lead of ${role.networkCode} but not its lead`);
          }
          if (role.role === 'co-responsible' && !network?.coResponsible.includes(department.code)) {
            problems.push(`${department.code}: co-responsible for ${role.networkCode} not listed`);
          }
        }
      }
      expectNoProblems('department roles out of step with networks.json', problems);
    });
  });
});
