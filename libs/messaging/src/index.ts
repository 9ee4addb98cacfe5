export * from './cloud-event';
export * from './kafka-relay';
export * from './kafka-projection-consumer';
export * from './kafka-feeds';
export * from './projection-feeds.module';
export * from './kafka-dead-letters';
