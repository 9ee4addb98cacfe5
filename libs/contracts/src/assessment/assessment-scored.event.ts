/** One line of a score: what it is for, its points and the most it could have been. */
export interface ScoreLine {
  component: 'investment' | 'progress' | 'timeliness' | 'newStarts' | 'redFlags';
  /** Hundredths of a point; negative for deductions. */
  points: number;
  max: number;
  /** What the points were computed from, as text. */
  basis: string;
}

export interface AssessmentScored {
  type: 'AssessmentScored';
  data: {
    /** YYYY-MM, YYYY-Qn or YYYY. */
    period: string;
    unitKind: 'department' | 'region';
    unit: string;
    rubricVersion: string;
    /** Hundredths of a point: 8625 = 86.25. */
    score: number;
    breakdown: ScoreLine[];
    asOf: string;
  };
}
