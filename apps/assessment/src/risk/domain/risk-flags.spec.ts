import { deciderSpecification } from '@ledger/testing';
import { RuleId, Severity } from './risk-config';
import { RecordRiskChecks, RiskFlagEvent, riskFlagsDecider } from './risk-flags';
import { RuleCheck } from './risk-rules';

const { given } = deciderSpecification(riskFlagsDecider);

/** What behind-schedule finds at an SPI (as the flag shows it), citing a plan and a report. */
function behind(
  severity: Severity | null,
  spiPercent: string,
  report = 'e-report-1',
  plannedValue = '600000.00',
): RuleCheck {
  return {
    rule: 'behind-schedule',
    severity,
    measures: ['spiPercent'],
    evidence: {
      figures: { plannedValue, spiPercent },
      eventIds: ['e-plan', report],
    },
  };
}

const clear = (rule: RuleId): RuleCheck => ({
  rule,
  severity: null,
  measures: [],
  evidence: { figures: {}, eventIds: [] },
});

/** The checks of one day for project p-1: behind schedule as given, reports late clear. */
function checks(check: RuleCheck, asOf = '2021-07-15'): RecordRiskChecks {
  return {
    type: 'RecordRiskChecks',
    subjectKind: 'project',
    subject: 'p-1',
    asOf,
    configVersion: '2026.1',
    checks: [check, clear('reports-late')],
  };
}

const about = {
  subjectKind: 'project' as const,
  subject: 'p-1',
  projectId: 'p-1',
  rule: 'behind-schedule' as const,
  configVersion: '2026.1',
};

const raised = (severity: Severity, spiPercent: string, asOf = '2021-07-15'): RiskFlagEvent => ({
  type: 'RiskFlagRaised',
  data: { ...about, severity, asOf, evidence: behind(severity, spiPercent).evidence },
});

describe('risk flags: raised, updated while open, resolved', () => {
  it('are raised when a rule starts to hold, with the figures it found', () => {
    given()
      .when(checks(behind('red', '20.00')))
      .then([raised('red', '20.00')]);
  });

  it('record nothing when the same figures are found again: a re-check is harmless', () => {
    given(raised('red', '20.00'))
      .when(checks(behind('red', '20.00'), '2021-07-16'))
      .then([]);
  });

  it('record nothing when only the cited events changed and the figures, as shown, did not', () => {
    given(raised('red', '20.00'))
      .when(checks(behind('red', '20.00', 'e-report-2')))
      .then([]);
  });

  it('record nothing when only a figure of context moved and what the rule measures did not', () => {
    given(raised('red', '20.00'))
      .when(checks(behind('red', '20.00', 'e-report-2', '650000.00'), '2021-08-03'))
      .then([]);
  });

  it('are updated with the current figures while the severity stays', () => {
    given(raised('red', '20.00'))
      .when(checks(behind('red', '50.00', 'e-report-2'), '2021-08-03'))
      .then([
        {
          type: 'RiskFlagUpdated',
          data: {
            ...about,
            severity: 'red',
            previousSeverity: 'red',
            asOf: '2021-08-03',
            evidence: behind('red', '50.00', 'e-report-2').evidence,
          },
        },
      ]);
  });

  it('move from red to amber and back by updates, never by raising the flag again', () => {
    const toAmber = checks(behind('amber', '80.00', 'e-report-2'), '2021-08-03');
    given(raised('red', '20.00'))
      .when(toAmber)
      .then([
        {
          type: 'RiskFlagUpdated',
          data: {
            ...about,
            severity: 'amber',
            previousSeverity: 'red',
            asOf: '2021-08-03',
            evidence: behind('amber', '80.00', 'e-report-2').evidence,
          },
        },
      ]);
    const [amber] = given(raised('red', '20.00')).when(toAmber).events();
    given(raised('red', '20.00'), amber!)
      .when(checks(behind('red', '65.00', 'e-report-3'), '2021-09-03'))
      .then([
        {
          type: 'RiskFlagUpdated',
          data: {
            ...about,
            severity: 'red',
            previousSeverity: 'amber',
            asOf: '2021-09-03',
            evidence: behind('red', '65.00', 'e-report-3').evidence,
          },
        },
      ]);
  });

  it('are resolved, after any updates, when the rule no longer holds', () => {
    const [amber] = given(raised('red', '20.00'))
      .when(checks(behind('amber', '80.00'), '2021-08-03'))
      .events();
    given(raised('red', '20.00'), amber!)
      .when(checks(behind(null, '100.00', 'e-report-3'), '2021-09-03'))
      .then([
        {
          type: 'RiskFlagResolved',
          data: {
            ...about,
            asOf: '2021-09-03',
            evidence: behind(null, '100.00', 'e-report-3').evidence,
          },
        },
      ]);
  });

  it('are raised anew after being resolved', () => {
    const resolved: RiskFlagEvent = {
      type: 'RiskFlagResolved',
      data: { ...about, asOf: '2021-08-03', evidence: behind(null, '100.00').evidence },
    };
    given(raised('red', '20.00'), resolved)
      .when(checks(behind('amber', '85.00'), '2021-10-03'))
      .then([raised('amber', '85.00', '2021-10-03')]);
  });

  it('read a stream recorded before updates existed: a second raise was a change of severity', () => {
    // Until RiskFlagUpdated, a change of severity was recorded as the flag raised again.
    const earlier = [raised('amber', '85.00'), raised('red', '60.00', '2021-08-03')];
    given(...earlier)
      .when(checks(behind('red', '60.00'), '2021-08-04'))
      .then([]);
    expect(
      given(...earlier)
        .when(checks(behind(null, '95.00'), '2021-09-03'))
        .events()
        .map((e) => e.type),
    ).toEqual(['RiskFlagResolved']);
  });
});
