export * from './cloud-event';
export * from './kafka-relay';
export * from './kafka-projection-consumer';
