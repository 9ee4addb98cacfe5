import { deciderSpecification } from '@ledger/testing';
import { loadJilin761Seed } from '../../../../../seeds/jilin-761/seed-data';
import { establishProgrammeFromSeed } from '../../seed/jilin-761-plan';
import { programmeDecider } from './programme.decider';

/** SetIndicatorTargets: the seed's new targets on a programme established without them. */
describe('SetIndicatorTargets', () => {
  const { given } = deciderSpecification(programmeDecider);
  const establish = establishProgrammeFromSeed(loadJilin761Seed());
  const newer = establish.targets.find((t) => t.code === 'grid-500kv-double-ring')!;
  const older = { ...establish, targets: establish.targets.filter((t) => t !== newer) };
  const history = programmeDecider.decide(older, programmeDecider.initialState);

  it('given a programme without the target, when it is set, then one IndicatorTargetSet', () => {
    const state = given(...history)
      .when({ type: 'SetIndicatorTargets', targets: [newer] })
      .then([{ type: 'IndicatorTargetSet', data: newer }]);
    expect(state.targets.has('grid-500kv-double-ring')).toBe(true);
  });

  it('refuses a target already set, one twice in the list, and an unknown network or category', () => {
    given(...history)
      .when({ type: 'SetIndicatorTargets', targets: [establish.targets[0]!] })
      .thenRejects('PLAN_INCONSISTENT');
    given(...history)
      .when({ type: 'SetIndicatorTargets', targets: [newer, newer] })
      .thenRejects('PLAN_INCONSISTENT');
    given(...history)
      .when({ type: 'SetIndicatorTargets', targets: [{ ...newer, categoryCode: 'no-such' }] })
      .thenRejects('PLAN_INCONSISTENT');
    given(...history)
      .when({ type: 'SetIndicatorTargets', targets: [] })
      .thenRejects('PLAN_INCONSISTENT');
  });

  it('refuses targets before the programme is established', () => {
    given()
      .when({ type: 'SetIndicatorTargets', targets: [newer] })
      .thenRejects('PROGRAMME_NOT_ESTABLISHED');
  });
});
