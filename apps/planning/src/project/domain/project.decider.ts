import { Decider } from '@ledger/domain-kernel';
import { ProjectCommand } from './project.commands';
import { decideProject } from './project.decide';
import { ProjectEvent } from './project.events';
import { ProjectState, evolveProject, initialProjectState } from './project.state';

export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  decide: decideProject,
  evolve: evolveProject,
  initialState: initialProjectState,
};
