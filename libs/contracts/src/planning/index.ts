export * from './project-vocabulary';
export * from './project.events';
export * from './programme.events';
export * from './pre-construction-approvals';
export * from './administrative-unit.events';
