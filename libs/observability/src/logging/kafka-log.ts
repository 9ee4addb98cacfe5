import { Logger } from '@nestjs/common';
import type { logCreator } from 'kafkajs';

/** kafkajs's numeric levels (its logLevel enum), without loading kafkajs for them. */
const KAFKA_ERROR = 1;
const KAFKA_WARN = 2;
const KAFKA_INFO = 4;

/**
 * kafkajs's log lines through the process's logger: JSON lines of the same shape as every
 * other, at the level kafkajs gives them, instead of its own console format.
 */
export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('Kafka');
  return ({ namespace, level, log }) => {
    const { message, timestamp: _time, ...extra } = log;
    void _time;
    const fields: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(extra)) {
      if (['string', 'number', 'boolean'].includes(typeof value))
        fields[key] = value as string | number | boolean;
    }
    const severity: number = level;
    const record = { msg: `${namespace ? `[${namespace}] ` : ''}${message}`, ...fields };
    if (severity === KAFKA_ERROR) logger.error(record);
    else if (severity === KAFKA_WARN) logger.warn(record);
    else if (severity === KAFKA_INFO) logger.log(record);
    else logger.debug(record);
  };
};
