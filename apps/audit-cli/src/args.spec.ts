import { UsageError, parseArgs } from './args';

/**
 * Every way to get the command line wrong is refused by the parser, before anything opens.
 * What the process then does with a UsageError (exit 2, one line on stderr, nothing
 * written) is the e2e suite's part, on a few of these.
 */
describe('audit CLI arguments', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /no command given/],
    [['replay', '--from', '2024-02-30'], /--from is not a real date/],
    [['replay', '--from', 'yesterday'], /--from must be an ISO-8601 date/],
    [['replay', '--to', '2024-03-01T08:00'], /--to needs a time zone/],
    [['replay', '--after', '12abc'], /--after must be a global position/],
    [['replay', '--after', '-1'], /--after must be a global position/],
    [['replay', '--stream', 'a', '--after', '3'], /exclude each other/],
    [['replay', '--bogus'], /unknown option --bogus/],
    [['verify', '--all', '--project', 'x'], /choose one of/],
    [['rebuild'], /name a projection/],
    [['rebuild', 'all', '--to', 'ten'], /--to must be a global position/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseArgs(args)).toThrow(UsageError);
    expect(() => parseArgs(args)).toThrow(message);
  });

  it('reads a well-formed replay', () => {
    expect(parseArgs(['replay', '--after', '12', '--type', 'ProjectProposed'])).toMatchObject({
      command: 'replay',
    });
  });
});
