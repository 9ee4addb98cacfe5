/** One topic per service, as the event catalog names them. */
export { SERVICES, topicFor } from '@ledger/contracts';
