export * from './project-vocabulary';
export * from './project.events';
export * from './programme.events';
export * from './administrative-unit.events';
