/**
 * Histories for the export tests, made the way the ledger makes them: the seed's commands
 * (as the seed loader issues them) and further commands, all through the real deciders. No
 * event is written by hand except dispatch reports, whose shape is the reporting service's.
 */
import { Fen, LocalDate, parseLocalDate, parseYi, parseYuan } from '@ledger/domain-kernel';
import { loadJilin761Seed } from '../../../../../seeds/jilin-761/seed-data';
import { DispatchReportEvent } from '@ledger/contracts';
import { programmeDecider } from '../../programme/domain/programme.decider';
import { ProgrammeEvent } from '../../programme/domain/programme.events';
import { establishProgrammeFromSeed, listNamedProjectsFromSeed } from '../../seed/jilin-761-plan';
import { ProjectId } from '../../project/domain/project-id';
import { ProjectCommand } from '../../project/domain/project.commands';
import { projectDecider } from '../../project/domain/project.decider';
import { ProjectEvent } from '../../project/domain/project.events';
import { ProgrammeReference, programmeReferenceFromEvents } from '../programme-reference';

export const day = (text: string): LocalDate => parseLocalDate(text, 'test date');
export const yuan = (text: string): Fen => parseYuan(text, 'test amount');
export const yi = (text: string): Fen => parseYi(text, 'test amount');
export const pid = (text: string): ProjectId => text as ProjectId;

export function seedProgrammeEvents(): ProgrammeEvent[] {
  return programmeDecider.decide(
    establishProgrammeFromSeed(loadJilin761Seed()),
    programmeDecider.initialState,
  );
}

export function seedReference(): ProgrammeReference {
  return programmeReferenceFromEvents(seedProgrammeEvents());
}

/** Runs commands through the project decider after `history`; returns the whole history. */
export function decideAll(
  history: readonly ProjectEvent[],
  commands: readonly ProjectCommand[],
): ProjectEvent[] {
  const events = [...history];
  for (const command of commands) {
    const state = events.reduce(projectDecider.evolve, projectDecider.initialState);
    events.push(...projectDecider.decide(command, state));
  }
  return events;
}

/** Each named project's stream as the seed loader writes it: one ListProjectFromPlan each. */
export function seededProjectStreams(): Map<string, ProjectEvent[]> {
  const streams = new Map<string, ProjectEvent[]>();
  for (const command of listNamedProjectsFromSeed(loadJilin761Seed())) {
    streams.set(command.projectId, decideAll([], [command]));
  }
  return streams;
}

export function report(
  projectId: string,
  period: string,
  cumulativeInvestment: string,
  physicalProgressPercent: string,
  correction?: { reason: string; revision: number },
): DispatchReportEvent {
  const content = {
    investmentInMonth: '0.00',
    cumulativeInvestment,
    physicalProgressPercent,
    physicalProgress: `${period} 按计划推进`,
    quantities: [],
    problems: null,
    submittedBy: '省交通运输厅',
  };
  return correction
    ? {
        type: 'DispatchReportCorrected',
        data: {
          ...content,
          projectId,
          period,
          correctedOn: `${period}-25`,
          reason: correction.reason,
          revision: correction.revision,
        },
      }
    : {
        type: 'DispatchReportSubmitted',
        data: {
          ...content,
          projectId,
          period,
          dueOn: `${period}-28`,
          submittedOn: `${period}-27`,
          late: false,
        },
      };
}
