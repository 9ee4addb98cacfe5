/**
 * Who may do what in the ledger of the 761 programme. A role comes from the token; the two
 * scoped roles carry the unit they act for.
 */
export const ROLES = [
  'planning_office',
  'lead_department',
  'region',
  'supervisor',
  'auditor',
  // Runs the ledger: its dead letters and health, never its figures or commands.
  'operator',
] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { subject: string; role: 'planning_office' | 'supervisor' | 'auditor' | 'operator' }
  | { subject: string; role: 'lead_department'; department: string }
  | { subject: string; role: 'region'; region: string };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What an event's metadata records as its actor: the subject and the role it acted in. */
export function actorOf(principal: Principal): string {
  switch (principal.role) {
    case 'lead_department':
      return `${principal.role}:${principal.department}:${principal.subject}`;
    case 'region':
      return `${principal.role}:${principal.region}:${principal.subject}`;
    case 'planning_office':
    case 'supervisor':
    case 'auditor':
    case 'operator':
      return `${principal.role}:${principal.subject}`;
    default: {
      const unknownRole: never = principal;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
}
