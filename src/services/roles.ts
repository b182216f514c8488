import type { MembershipRoleName } from '../db/membership-store.ts';

export type { MembershipRoleName } from '../db/membership-store.ts';

const ROLE_LABELS: Readonly<Record<MembershipRoleName, string>> = {
  CHAIR: 'chair',
  VICE_CHAIR: 'vice-chair',
  REPRESENTATIVE: 'representative',
  DEPUTY: 'deputy',
  MEMBER: 'member',
  SECRETARIAT: 'secretariat',
};

export function roleLabel(role: MembershipRoleName): string {
  return ROLE_LABELS[role];
}

/** "chair or secretariat" */
export function describeRoles(roles: readonly MembershipRoleName[]): string {
  const labels = roles.map(roleLabel);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}
