import { FormEvent, useState } from 'react';
import { useAsOf } from './as-of';
import { useStrings } from './i18n';
import { setParams } from './router';
import { SHELL_STRINGS } from './shell.strings';

type Mode = 'now' | 'recordedAt' | 'validAt';

/** Beijing time, which the programme's dates are in; to the second, as auditors ask. */
function toRecordedAt(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}

/**
 * "What did the ledger say at X" (recordedAt) or "what do we know now about date X"
 * (validAt), on every view; the choice lives in the URL.
 */
export function AsOfControl() {
  const t = useStrings(SHELL_STRINGS);
  const asOf = useAsOf();
  const initialMode: Mode = asOf ? ('recordedAt' in asOf ? 'recordedAt' : 'validAt') : 'now';
  const [mode, setMode] = useState<Mode>(initialMode);
  const [value, setValue] = useState(
    asOf ? ('recordedAt' in asOf ? asOf.recordedAt.slice(0, 19) : asOf.validAt) : '',
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'now' || value === '') setParams({ recordedAt: undefined, validAt: undefined });
    else if (mode === 'recordedAt')
      setParams({ recordedAt: toRecordedAt(value), validAt: undefined });
    else setParams({ validAt: value.slice(0, 10), recordedAt: undefined });
  };
  return (
    <form className="as-of" onSubmit={submit} data-testid="as-of">
      <label>
        {t('asOf')}{' '}
        <select
          value={mode}
          onChange={(e) => {
            const next = e.target.value as Mode;
            setMode(next);
            if (next === 'now') setParams({ recordedAt: undefined, validAt: undefined });
          }}
          data-testid="as-of-mode"
        >
          <option value="now">{t('now')}</option>
          <option value="recordedAt">{t('recordedAt')}</option>
          <option value="validAt">{t('validAt')}</option>
        </select>
      </label>
      {mode !== 'now' && (
        <>
          <input
            type={mode === 'recordedAt' ? 'datetime-local' : 'date'}
            value={mode === 'recordedAt' ? value.slice(0, 19) : value.slice(0, 10)}
            {...(mode === 'recordedAt' ? { step: 1 } : {})}
            onChange={(e) => setValue(e.target.value)}
            data-testid="as-of-value"
            required
          />
          <button type="submit" data-testid="as-of-apply">
            {t('apply')}
          </button>
        </>
      )}
    </form>
  );
}
