import { LedgerApiError } from '../../api/graphql';
import { Strings, useStrings } from '../../app/i18n';

const STRINGS: Strings<'loading' | 'failed'> = {
  zh: { loading: '正在读取…', failed: '读取失败' },
  en: { loading: 'Loading…', failed: 'Could not load' },
};

export function Loading({ testId, text }: { testId: string; text?: string }) {
  const t = useStrings(STRINGS);
  return (
    <p className="loading" data-testid={testId} aria-busy="true">
      {text ?? t('loading')}
    </p>
  );
}

/** The API's own message and code (FORBIDDEN, BAD_USER_INPUT, ...), so the reader knows why. */
export function Failure({
  error,
  testId,
  lead,
}: {
  error: LedgerApiError;
  testId: string;
  /** What could not be done, in the reader's words; the API's words follow. */
  lead?: string;
}) {
  const t = useStrings(STRINGS);
  return (
    <div className="failure error" role="alert" data-testid={testId} data-code={error.code}>
      <strong>{lead ?? t('failed')}</strong> <code>{error.code}</code> <span>{error.message}</span>
    </div>
  );
}
