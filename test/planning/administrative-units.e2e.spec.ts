import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { handleCommand } from '@ledger/event-sourcing';
import { loadJilin761Seed } from '../../seeds/jilin-761/seed-data';
import { establishProgrammeFromSeed } from '../../apps/planning/src/seed/jilin-761-plan';
import {
  PROGRAMME_STREAM,
  programmeDecider,
} from '../../apps/planning/src/programme/domain/programme.decider';
import { SeedLoader } from '../../apps/planning/src/seed/seed-loader';
import { RunningApp, startStandalone } from '../support/standalone-app';

interface Unit {
  code: string;
  nameZh: string;
  level: string;
  parentCode: string | null;
  programmeRegionCode: string | null;
  validFrom: string;
  validTo: string | null;
  gbt2260: boolean;
  source: { kind: string; summary: string; publishedOn: string | null; url: string | null };
}
const UNIT = `code nameZh level parentCode programmeRegionCode validFrom validTo gbt2260
  source { kind summary publishedOn url }`;

/** The seeded units through GraphQL, as the console reads them, before and after 公主岭 moved. */
describe('administrative units for a date (seeded, through GraphQL)', () => {
  let running: RunningApp;
  let store: EventStore;
  beforeAll(async () => {
    running = await startStandalone();
    store = running.app.get<EventStore>(EVENT_STORE);
  }, 120_000);
  afterAll(() => running?.close());

  async function regions(asOf: string, as?: { role: 'region'; region: string }) {
    const response = await running.graphql<{
      programme: { regions: Array<{ code: string; administrativeUnits: Unit[] }> };
    }>(
      `query($asOf: String) { programme { regions { code administrativeUnits(asOf: $asOf) { ${UNIT} } } } }`,
      { asOf },
      as,
    );
    expect(response.errors).toBeUndefined();
    return new Map(response.data!.programme.regions.map((r) => [r.code, r.administrativeUnits]));
  }
  const names = (units: Unit[] | undefined) => (units ?? []).map((u) => `${u.code} ${u.nameZh}`);

  it('a region view the day before the change and on its day differs by 公主岭 alone', async () => {
    const before = await regions('2020-06-18');
    const after = await regions('2020-06-19');
    // 长春 gains 公主岭 under its new code; 四平 loses it under its old one.
    expect(names(after.get('changchun'))).toEqual([
      ...names(before.get('changchun')),
      '220184 公主岭市',
    ]);
    expect(names(before.get('siping'))).toContain('220381 公主岭市');
    expect(names(after.get('siping'))).toEqual(
      names(before.get('siping')).filter((n) => n !== '220381 公主岭市'),
    );
    // The region 公主岭 itself: the same unit, its code and parent as they stood each day.
    expect(before.get('gongzhuling')!.map((u) => [u.code, u.parentCode, u.validTo])).toEqual([
      ['220381', '220300', '2020-06-18'],
    ]);
    expect(after.get('gongzhuling')!.map((u) => [u.code, u.parentCode, u.validTo])).toEqual([
      ['220184', '220100', null],
    ]);
    expect(after.get('gongzhuling')![0]!.source).toMatchObject({
      kind: 'publication',
      publishedOn: '2020-06-19',
    });
    // Every other region answers the same on both days.
    for (const [code, units] of before) {
      if (['changchun', 'siping', 'gongzhuling'].includes(code)) continue;
      expect({ code, units: names(after.get(code)) }).toEqual({ code, units: names(units) });
    }
    expect(names(after.get('changchun-new-area'))).toEqual(['ledger:changchun-new-area 长春新区']);
    expect(after.get('changbaishan')![0]).toMatchObject({
      gbt2260: false,
      level: 'functional-area',
    });
  });

  it('Query.administrativeUnits lists the units under a parent as they stood, for every role', async () => {
    const under = async (parentCode: string, asOf: string | null) => {
      const response = await running.graphql<{ administrativeUnits: Unit[] }>(
        `query($asOf: String, $parentCode: String) { administrativeUnits(asOf: $asOf, parentCode: $parentCode) { ${UNIT} } }`,
        { asOf, parentCode },
        { role: 'region', region: 'baicheng' },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.administrativeUnits;
    };
    expect((await under('220300', '2020-06-18')).map((u) => u.code)).toEqual([
      '220302',
      '220303',
      '220322',
      '220323',
      '220381',
      '220382',
    ]);
    expect((await under('220300', '2020-06-19')).map((u) => u.code)).not.toContain('220381');
    expect((await under('220100', null)).map((u) => u.code)).toContain('220184');
    const all = await running.graphql<{ administrativeUnits: Unit[] }>(
      '{ administrativeUnits { code level gbt2260 } }',
    );
    const units = all.data!.administrativeUnits;
    expect(units.filter((u) => u.level === 'prefecture')).toHaveLength(9);
    expect(units.filter((u) => u.level === 'county')).toHaveLength(60);
    expect(units.filter((u) => !u.gbt2260).map((u) => u.code)).toEqual([
      'ledger:changbaishan',
      'ledger:changchun-new-area',
    ]);
    // Before the ledger's baseline (the programme's first day) it holds no unit.
    expect((await under('220300', '2019-12-31')).length).toBe(0);
  });

  it('refuses a date that is not a day, with a clear message', async () => {
    const response = await running.graphql('{ administrativeUnits(asOf: "2020-02-30") { code } }');
    expect(response.errors?.[0]?.message).toContain('asOf');
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the seed is idempotent: loading it again appends nothing', async () => {
    const head = await store.headPosition();
    const again = await new SeedLoader(store, { readModelSchema: 'unused', loadSeed: true }).load();
    expect(again).toEqual({ programme: false, projects: 0, targets: 0, units: 0 });
    expect(await store.headPosition()).toBe(head);
  });

  it('serves the seeded dated goals with their lines', async () => {
    const response = await running.graphql<{
      network: {
        targets: Array<{
          code: string;
          value: string | null;
          source: { line: number; quote: string };
        }>;
      };
    }>('{ network(code: "road") { targets { code value source { line quote } } } }');
    const eight = response.data!.network.targets.find(
      (t) => t.code === 'expressways-changchun-shenyang-harbin-8-lanes',
    );
    expect(eight).toEqual({
      code: 'expressways-changchun-shenyang-harbin-8-lanes',
      value: null,
      source: { line: 93, quote: '长春至沈阳、哈尔滨高速公路达到8车道标准' },
    });
  });
});

/** A store whose programme was established before the seed had the dated goals. */
describe('the seed on a store established before its new targets', () => {
  let running: RunningApp;
  afterAll(() => running?.close());

  it('adds exactly the missing targets once, then nothing', async () => {
    running = await startStandalone({ loadSeed: false });
    const store = running.app.get<EventStore>(EVENT_STORE);
    const establish = establishProgrammeFromSeed(loadJilin761Seed());
    const older = establish.targets.filter(
      (t) => !['grid-500kv-double-ring', 'municipal-14th-fyp-plans-by-2020-09'].includes(t.code),
    );
    await handleCommand(
      store,
      programmeDecider,
      PROGRAMME_STREAM,
      { ...establish, targets: older },
      { actor: 'seed:jilin-761', idempotencyKey: 'seed:jilin-761:programme' },
    );
    const loader = new SeedLoader(store, { readModelSchema: 'unused', loadSeed: true });
    const first = await loader.load();
    expect(first.targets).toBe(2);
    expect(first.units).toBe(72);
    // The running app's own reactions may append elsewhere: count the seed's streams.
    const lengths = async () =>
      Promise.all(
        [PROGRAMME_STREAM, 'administrative-units'].map(
          async (stream) => (await store.readStream(stream)).length,
        ),
      );
    const before = await lengths();
    expect(await loader.load()).toMatchObject({ targets: 0, units: 0, projects: 0 });
    expect(await lengths()).toEqual(before);
  }, 120_000);
});
