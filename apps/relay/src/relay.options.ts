import {
  ListenAddress,
  brokersSetting,
  identifierSetting,
  kafkaPrefixSetting,
  listenAddressFromEnv,
} from '@ledger/domain-kernel';

/** How the relay runs: read and checked before it opens the store or reaches the broker. */
export interface RelayOptions {
  /** KAFKA_BROKERS, host:port[,host:port]; the local broker of tools/kafka by default. */
  brokers: string[];
  /** KAFKA_TOPIC_PREFIX: environments and tests share a broker under their own prefix. */
  topicPrefix: string;
  /** RELAY_SCHEMA: where its checkpoint is kept. */
  schema: string;
  /** PORT (default 4005) and HOST: its HTTP server for /health and /metrics. */
  listen: ListenAddress;
}

export function relayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RelayOptions {
  return {
    brokers: brokersSetting(env, 'KAFKA_BROKERS', '127.0.0.1:19092'),
    topicPrefix: kafkaPrefixSetting(env, 'KAFKA_TOPIC_PREFIX', ''),
    schema: identifierSetting(env, 'RELAY_SCHEMA', 'relay'),
    listen: listenAddressFromEnv(env, 4005),
  };
}
