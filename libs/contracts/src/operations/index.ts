export * from './dead-letter.events';
