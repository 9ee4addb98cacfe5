import { Registry } from 'prom-client';
import { metricsRegistry } from './registry';
import { Tally } from './tally';

describe('Tally', () => {
  it('renders a counter and a histogram in the text format, as prom-client’s own would', async () => {
    const tally = new Tally<'service' | 'outcome'>(
      { name: 'test_tally_total', help: 'Counted.' },
      { name: 'test_tally_seconds', help: 'Timed.' },
      [0.01, 0.1],
    );
    const planning = () => ({ service: 'planning', outcome: 'accepted' });
    tally.observe('p', planning, 0.005);
    tally.observe('p', planning, 0.01);
    tally.observe('p', planning, 0.5);
    tally.observe('r', () => ({ service: 'reporting', outcome: 'rejected' }), 0.05);

    const only = new Registry();
    only.registerMetric(metricsRegistry.getSingleMetric('test_tally_total')!);
    only.registerMetric(metricsRegistry.getSingleMetric('test_tally_seconds')!);
    expect((await only.metrics()).split('\n')).toEqual([
      '# HELP test_tally_total Counted.',
      '# TYPE test_tally_total counter',
      'test_tally_total{service="planning",outcome="accepted"} 3',
      'test_tally_total{service="reporting",outcome="rejected"} 1',
      '',
      '# HELP test_tally_seconds Timed.',
      '# TYPE test_tally_seconds histogram',
      // A bound holds what equals it (le: less than or equal).
      'test_tally_seconds_bucket{service="planning",outcome="accepted",le="0.01"} 2',
      'test_tally_seconds_bucket{service="planning",outcome="accepted",le="0.1"} 2',
      'test_tally_seconds_bucket{service="planning",outcome="accepted",le="+Inf"} 3',
      'test_tally_seconds_sum{service="planning",outcome="accepted"} 0.515',
      'test_tally_seconds_count{service="planning",outcome="accepted"} 3',
      'test_tally_seconds_bucket{service="reporting",outcome="rejected",le="0.01"} 0',
      'test_tally_seconds_bucket{service="reporting",outcome="rejected",le="0.1"} 1',
      'test_tally_seconds_bucket{service="reporting",outcome="rejected",le="+Inf"} 1',
      'test_tally_seconds_sum{service="reporting",outcome="rejected"} 0.05',
      'test_tally_seconds_count{service="reporting",outcome="rejected"} 1',
      '',
    ]);
  });
});
