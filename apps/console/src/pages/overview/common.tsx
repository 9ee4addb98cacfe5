import { LedgerApiError } from '../../api/graphql';
import { useLanguage, useStrings } from '../../app/i18n';
import { setParams, useLocation } from '../../app/router';
import type { MoneyUnit } from '../../money';
import { COMMON_STRINGS } from './common.strings';
import { Month, monthLabel } from './months';
import { MONEY_UNITS, parseMoneyUnit } from './overview.model';
import './common.css';

export function Loading({ testId }: { testId?: string }) {
  const t = useStrings(COMMON_STRINGS);
  return (
    <p className="loading" data-testid={testId ?? 'loading'} aria-busy="true">
      {t('loading')}
    </p>
  );
}

/** The API's own message and code (FORBIDDEN, BAD_USER_INPUT, ...), so the reader knows why. */
export function Failure({ error, testId }: { error: LedgerApiError; testId?: string }) {
  const t = useStrings(COMMON_STRINGS);
  return (
    <div className="failure error" role="alert" data-testid={testId ?? 'error'}>
      <strong>{t('failed')}</strong> <code data-testid="error-code">{error.code}</code>{' '}
      <span data-testid="error-message">{error.message}</span>
    </div>
  );
}

/** The month a page shows, kept in the URL as ?month=YYYY-MM. */
export function MonthPicker({
  months,
  value,
  withReports,
}: {
  /** Oldest first. */
  months: readonly Month[];
  value: Month;
  withReports: ReadonlySet<Month>;
}) {
  const t = useStrings(COMMON_STRINGS);
  const language = useLanguage();
  const options = months.includes(value) ? months : [...months, value].sort();
  return (
    <label className="picker">
      {t('month')}{' '}
      <select
        value={value}
        onChange={(e) => setParams({ month: e.target.value })}
        data-testid="month-picker"
      >
        {[...options].reverse().map((m) => (
          <option key={m} value={m}>
            {monthLabel(m, language)}
            {withReports.has(m) ? '' : t('noReports')}
          </option>
        ))}
      </select>
    </label>
  );
}

export function useMoneyUnit(): MoneyUnit {
  return parseMoneyUnit(useLocation().search.get('money'));
}

/** 亿元, 万元 or exact yuan, kept in the URL as ?money=. */
export function MoneyUnitPicker() {
  const t = useStrings(COMMON_STRINGS);
  const unit = useMoneyUnit();
  return (
    <label className="picker">
      {t('moneyUnit')}{' '}
      <select
        value={unit}
        onChange={(e) => setParams({ money: e.target.value === 'yi' ? undefined : e.target.value })}
        data-testid="money-unit"
      >
        {MONEY_UNITS.map((u) => (
          <option key={u} value={u}>
            {t(u)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The unit's name for column headers: 亿元, 万元, 元. */
export function useUnitName(): (unit: MoneyUnit) => string {
  const t = useStrings(COMMON_STRINGS);
  return (unit) => t(unit === 'yi' ? 'unitYi' : unit === 'wan' ? 'unitWan' : 'unitYuan');
}

export function NoProgramme() {
  const t = useStrings(COMMON_STRINGS);
  return <p data-testid="no-programme">{t('noProgramme')}</p>;
}
