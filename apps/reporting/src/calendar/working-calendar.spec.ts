import {
  CalendarDataError,
  CalendarRangeError,
  HolidayEntry,
  PrcCalendarData,
  WorkingCalendar,
  loadPrcCalendar,
  parsePrcCalendarData,
} from './working-calendar';

/*
 * Expected dates below were counted by hand from the State Council notices recorded in
 * prc-holidays.json. "WD n" marks the n-th working day after the month ends; the report is
 * due on WD 5 (每月结束后5个工作日内).
 */

describe('WorkingCalendar over the official PRC holiday data (2020-2026)', () => {
  const calendar = loadPrcCalendar();

  describe('Given the data file as shipped', () => {
    it('when loaded, then it covers exactly 2020 through 2026', () => {
      expect(calendar.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
      expect(calendar.covers(2019)).toBe(false);
      expect(calendar.covers(2020)).toBe(true);
      expect(calendar.covers(2026)).toBe(true);
      expect(calendar.covers(2027)).toBe(false);
    });

    it('when read, then every year names its State Council notice by document number', () => {
      for (const year of Object.values(calendar.toData().years)) {
        expect(year.notice.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
        expect(year.notice.title).toMatch(/^国务院办公厅关于\d{4}年部分节假日安排的通知$/);
      }
    });
  });

  describe('Given the Spring Festival', () => {
    it('when the January 2020 report is due, then the COVID extension to 2020-02-02 pushes it to 2020-02-07', () => {
      // 国办发明电〔2019〕16号: off 01-24..01-30, workdays Sun 01-19 and Sat 02-01.
      // 国办发明电〔2020〕1号 extended the holiday to Sun 02-02, so Fri 01-31 and the Sat 02-01
      // workday became days off. Month ends Fri 01-31 (off).
      // Sat 02-01 off, Sun 02-02 off, Mon 02-03 WD1, Tue 02-04 WD2, Wed 02-05 WD3,
      // Thu 02-06 WD4, Fri 02-07 WD5.
      expect(calendar.dispatchReportDueDate(2020, 1)).toBe('2020-02-07');
      expect(calendar.isWorkingDay('2020-01-31')).toBe(false);
      expect(calendar.isWorkingDay('2020-02-01')).toBe(false);
      expect(calendar.isWorkingDay('2020-02-03')).toBe(true);
    });

    it('when the 2020 extension is left out, then the original Saturday workday 2020-02-01 counts and the report is due a day earlier', () => {
      // Without 〔2020〕1号: Fri 01-31 is an ordinary working day (the month end itself, not
      // counted), Sat 02-01 WD1 (exchanged workday), Mon 02-03 WD2, Tue WD3, Wed WD4, Thu 02-06 WD5.
      const data = calendar.toData();
      const year2020 = data.years['2020']!;
      const withoutExtension: PrcCalendarData = {
        years: {
          ...data.years,
          '2020': {
            ...year2020,
            holidays: year2020.holidays.filter((h) => h.source !== '国办发明电〔2020〕1号'),
          },
        },
      };
      const original = new WorkingCalendar(withoutExtension);
      expect(original.isWorkingDay('2020-02-01')).toBe(true);
      expect(original.dispatchReportDueDate(2020, 1)).toBe('2020-02-06');
    });

    it('when the January 2023 report is due, then the holiday (01-21..27) and its exchanged weekend (01-28, 01-29) are already over and it is due 2023-02-07', () => {
      // Month ends Tue 01-31. Wed 02-01 WD1, Thu 02-02 WD2, Fri 02-03 WD3,
      // Sat/Sun 02-04/05 ordinary weekend, Mon 02-06 WD4, Tue 02-07 WD5.
      expect(calendar.dispatchReportDueDate(2023, 1)).toBe('2023-02-07');
      expect(calendar.isWorkingDay('2023-01-28')).toBe(true);
      expect(calendar.isWorkingDay('2023-01-27')).toBe(false);
    });

    it('when the January 2024 report is due, then the exchanged Sunday 2024-02-04 counts and it is due 2024-02-06', () => {
      // 国办发明电〔2023〕7号: off 02-10..02-17, workdays Sun 02-04 and Sun 02-18.
      // Month ends Wed 01-31. Thu 02-01 WD1, Fri 02-02 WD2, Sat 02-03 off,
      // Sun 02-04 WD3 (exchanged), Mon 02-05 WD4, Tue 02-06 WD5.
      expect(calendar.dispatchReportDueDate(2024, 1)).toBe('2024-02-06');
    });

    it('when counting from New Year’s Eve 2024, then the next working day is the exchanged Sunday 2024-02-18', () => {
      // 除夕 Fri 02-09 was not an official day off (the notice only encourages leave);
      // 02-10..02-17 off; Sun 02-18 is an exchanged workday.
      expect(calendar.isWorkingDay('2024-02-09')).toBe(true);
      expect(calendar.isWorkingDay('2024-02-18')).toBe(true);
      expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
    });

    it('when the January 2025 report is due, then the exchanged Saturday 2025-02-08 counts and it is due 2025-02-10', () => {
      // 国办发明电〔2024〕12号: off 01-28..02-04, workdays Sun 01-26 and Sat 02-08.
      // Month ends Fri 01-31 (off). 02-01..02-04 off, Wed 02-05 WD1, Thu 02-06 WD2,
      // Fri 02-07 WD3, Sat 02-08 WD4 (exchanged), Sun 02-09 off, Mon 02-10 WD5.
      expect(calendar.dispatchReportDueDate(2025, 1)).toBe('2025-02-10');
    });
  });

  describe('Given National Day', () => {
    it('when the September 2020 report is due, then Oct 1-8 are skipped and Sat 2020-10-10 counts: due 2020-10-14', () => {
      // 国办发明电〔2019〕16号: 国庆节、中秋节 off 10-01..10-08, workdays Sun 09-27, Sat 10-10.
      // Month ends Wed 09-30. Fri 10-09 WD1, Sat 10-10 WD2 (exchanged), Sun 10-11 off,
      // Mon 10-12 WD3, Tue 10-13 WD4, Wed 10-14 WD5.
      expect(calendar.dispatchReportDueDate(2020, 9)).toBe('2020-10-14');
      expect(calendar.isWorkingDay('2020-09-27')).toBe(true);
    });

    it('when the September 2024 report is due, then it falls on the exchanged Saturday 2024-10-12', () => {
      // 国办发明电〔2023〕7号: off 10-01..10-07, workdays Sun 09-29, Sat 10-12.
      // Month ends Mon 09-30. Tue 10-08 WD1, Wed 10-09 WD2, Thu 10-10 WD3, Fri 10-11 WD4,
      // Sat 10-12 WD5 (exchanged).
      expect(calendar.dispatchReportDueDate(2024, 9)).toBe('2024-10-12');
    });

    it('when the September 2025 report is due, then the merged National Day and Mid-Autumn break (Oct 1-8) makes it 2025-10-14', () => {
      // 国办发明电〔2024〕12号: 国庆节、中秋节 off 10-01..10-08, workdays Sun 09-28, Sat 10-11.
      // Month ends Tue 09-30. Thu 10-09 WD1, Fri 10-10 WD2, Sat 10-11 WD3 (exchanged),
      // Sun 10-12 off, Mon 10-13 WD4, Tue 10-14 WD5.
      expect(calendar.dispatchReportDueDate(2025, 9)).toBe('2025-10-14');
      expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
      expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
    });
  });

  describe('Given other months', () => {
    it('when the March 2021 report is due, then Qingming Monday 2021-04-05 is skipped: due 2021-04-08', () => {
      // Not a holiday-free window: 清明节 off Sat 04-03..Mon 04-05 (国办发明电〔2020〕27号).
      // Month ends Wed 03-31. Thu 04-01 WD1, Fri 04-02 WD2, 04-03..04-05 off,
      // Tue 04-06 WD3, Wed 04-07 WD4, Thu 04-08 WD5.
      expect(calendar.dispatchReportDueDate(2021, 3)).toBe('2021-04-08');
    });

    it('when the June 2021 report is due, then no holiday interferes: due 2021-07-07', () => {
      // Month ends Wed 06-30. Thu 07-01 WD1, Fri 07-02 WD2, weekend,
      // Mon 07-05 WD3, Tue 07-06 WD4, Wed 07-07 WD5.
      expect(calendar.dispatchReportDueDate(2021, 6)).toBe('2021-07-07');
    });

    it('when the December 2022 report is due, then the count crosses into 2023 and skips New Year: due 2023-01-09', () => {
      // 国办发明电〔2022〕16号: 元旦 off Sat 2022-12-31..Mon 2023-01-02. Month ends Sat 12-31.
      // Sun 01-01 off, Mon 01-02 off, Tue 01-03 WD1, Wed WD2, Thu WD3, Fri 01-06 WD4,
      // weekend, Mon 01-09 WD5.
      expect(calendar.dispatchReportDueDate(2022, 12)).toBe('2023-01-09');
    });

    it('when the December 2025 report is due, then the exchanged Sunday 2026-01-04 counts: due 2026-01-08', () => {
      // 国办发明电〔2025〕7号: 元旦 off 01-01..01-03, workday Sun 01-04. Month ends Wed 12-31.
      // Sun 01-04 WD1, Mon 01-05 WD2, Tue WD3, Wed WD4, Thu 01-08 WD5.
      expect(calendar.dispatchReportDueDate(2025, 12)).toBe('2026-01-08');
    });
  });

  describe('Given an exchanged working weekend day', () => {
    it('when asked, then an exchanged Saturday is a working day and an ordinary Saturday is not', () => {
      expect(calendar.isWorkingDay('2020-10-10')).toBe(true); // Sat, 国庆节 exchange
      expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Sat, 国庆节、中秋节 exchange
      expect(calendar.isWorkingDay('2020-10-17')).toBe(false); // ordinary Saturday
      expect(calendar.isWorkingDay('2021-07-05')).toBe(true); // ordinary Monday
    });

    it('when counting one working day from the Friday before it, then the Saturday is the answer', () => {
      // Fri 2020-10-09 -> Sat 2020-10-10 (exchanged workday).
      expect(calendar.addWorkingDays('2020-10-09', 1)).toBe('2020-10-10');
    });
  });

  describe('Given dates outside the covered years', () => {
    it('when asked about 2019 or 2027, then it refuses instead of guessing', () => {
      expect(() => calendar.isWorkingDay('2019-12-31')).toThrow(CalendarRangeError);
      expect(() => calendar.isWorkingDay('2027-01-04')).toThrow(/covers 2020-2026/);
    });

    it('when the December 2026 report is due, then it refuses because January 2027 has no data yet', () => {
      expect(() => calendar.dispatchReportDueDate(2026, 12)).toThrow(
        /No official PRC holiday data for 2027-01-01/,
      );
    });

    it('when counting from the last covered day, then it refuses to step into 2027', () => {
      expect(calendar.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
      expect(() => calendar.addWorkingDays('2026-12-31', 1)).toThrow(CalendarRangeError);
    });
  });

  describe('Given malformed arguments', () => {
    it('when a date, month or count is not valid, then it throws', () => {
      expect(() => calendar.isWorkingDay('2021-2-3')).toThrow(/YYYY-MM-DD/);
      expect(() => calendar.isWorkingDay('2021-02-29')).toThrow(/real calendar date/);
      expect(() => calendar.dispatchReportDueDate(2021, 13)).toThrow(/month/);
      expect(() => calendar.addWorkingDays('2021-03-01', 0)).toThrow(/1 or more/);
      expect(() => calendar.addWorkingDays('2021-03-01', 1.5)).toThrow(/whole number/);
    });
  });
});

describe('WorkingCalendar data validation', () => {
  const notice = {
    number: '国办发明电〔2020〕27号',
    title: '国务院办公厅关于2021年部分节假日安排的通知',
  };

  function entry(overrides: Partial<HolidayEntry>): HolidayEntry {
    return {
      name: 'Spring Festival',
      nameZh: '春节',
      source: notice.number,
      daysOff: ['2021-02-11'],
      workdays: [],
      verified: true,
      ...overrides,
    };
  }

  function data(...holidays: HolidayEntry[]): PrcCalendarData {
    return { years: { '2021': { notice, holidays } } };
  }

  function problemsOf(bad: PrcCalendarData): readonly string[] {
    try {
      new WorkingCalendar(bad);
    } catch (error) {
      if (error instanceof CalendarDataError) return error.problems;
      throw error;
    }
    throw new Error('expected a CalendarDataError');
  }

  it('Given consistent data, when built, then it is accepted', () => {
    const calendar = new WorkingCalendar(
      data(entry({ daysOff: ['2021-02-11', '2021-02-12'], workdays: ['2021-02-07'] })),
    );
    expect(calendar.isWorkingDay('2021-02-07')).toBe(true);
    expect(calendar.isWorkingDay('2021-02-12')).toBe(false);
  });

  it('Given a date that is both a day off and a workday, when built, then it is refused', () => {
    const bad = data(
      entry({ daysOff: ['2021-02-20'] }),
      entry({ name: 'Other', nameZh: '其他', daysOff: [], workdays: ['2021-02-20'] }),
    );
    expect(() => new WorkingCalendar(bad)).toThrow(/2021-02-20 is both a workday .* and a day off/);
  });

  it('Given a later notice cancels a workday that is not declared, when built, then it is refused', () => {
    const bad = data(entry({ daysOff: ['2021-02-20'], cancelledWorkdays: ['2021-02-20'] }));
    expect(problemsOf(bad)).toEqual([
      expect.stringMatching(/cancels workday 2021-02-20, which no 2021 entry declares/),
    ]);
  });

  it('Given a day off that is not a real date, when built, then it is refused', () => {
    expect(() => new WorkingCalendar(data(entry({ daysOff: ['2021-02-29'] })))).toThrow(
      /"2021-02-29" is not a real date/,
    );
    expect(() => new WorkingCalendar(data(entry({ daysOff: ['2021-2-11'] })))).toThrow(
      /"2021-2-11" is not a real date/,
    );
  });

  it('Given a date filed under the wrong year, when built, then it is refused', () => {
    expect(() => new WorkingCalendar(data(entry({ daysOff: ['2022-01-01'] })))).toThrow(
      /2022-01-01 is not in 2021; file it under 2022/,
    );
  });

  it('Given an exchanged workday on a weekday, when built, then it is refused', () => {
    // 2021-02-19 is a Friday.
    expect(() => new WorkingCalendar(data(entry({ workdays: ['2021-02-19'] })))).toThrow(
      /2021-02-19 is a Friday; exchanged workdays must be Saturdays or Sundays/,
    );
  });

  it('Given a day off listed twice, when built, then it is refused (within and across entries)', () => {
    expect(
      () => new WorkingCalendar(data(entry({ daysOff: ['2021-02-11', '2021-02-11'] }))),
    ).toThrow(/day off 2021-02-11 is already listed/);
    expect(
      () => new WorkingCalendar(data(entry({}), entry({ name: 'Again', nameZh: '重复' }))),
    ).toThrow(/day off 2021-02-11 is already listed by 2021 春节/);
  });

  it('Given an entry citing a notice the year does not list, when built, then it is refused', () => {
    expect(() => new WorkingCalendar(data(entry({ source: '国办发明电〔2099〕1号' })))).toThrow(
      /source "国办发明电〔2099〕1号" is not the 2021 notice/,
    );
  });

  it('Given an unverified entry without a note, when built, then it is refused', () => {
    expect(() => new WorkingCalendar(data(entry({ verified: false })))).toThrow(/needs a note/);
    expect(
      () => new WorkingCalendar(data(entry({ verified: false, note: 'from memory' }))),
    ).not.toThrow();
  });

  it('Given several problems, when built, then all of them are reported at once', () => {
    const bad = data(entry({ daysOff: ['2021-02-30', '2020-12-31'], workdays: ['2021-02-19'] }));
    expect(problemsOf(bad)).toHaveLength(3);
  });

  it('Given raw JSON of the wrong shape, when parsed, then the parser names the field', () => {
    expect(() => parsePrcCalendarData({})).toThrow(/"years" object/);
    expect(() =>
      parsePrcCalendarData({
        years: { '2021': { notice, holidays: [{ ...entry({}), verified: 'yes' }] } },
      }),
    ).toThrow(/years\.2021\.holidays\[0\]\.verified must be true or false/);
    expect(() =>
      parsePrcCalendarData({ years: { '2021': { notice: { number: 'x' }, holidays: [] } } }),
    ).toThrow(/years\.2021\.notice\.title must be a non-empty string/);
  });
});
