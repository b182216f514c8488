// The secretariat's audit view. (The decision-log export is `/csp decisions export`, in the votes feature's
// `decisions` command, which hands over to decision-export.ts.)
import type { ChatFeature } from '../registry.ts';
import { AUDIT_LIST_ID, auditCommand, auditPage } from './audit-view.ts';

export const exportsFeature: ChatFeature = {
  name: 'exports',
  register(registry) {
    registry.command({
      name: 'audit',
      summary: 'Lists what was refused, failed or changed, newest first (secretariat only).',
      usage: '[since YYYY-MM-DD]',
      example: 'audit 2026-04-01',
      roles: ['SECRETARIAT'],
      run: auditCommand,
    });
    registry.pagedList({ id: AUDIT_LIST_ID, roles: ['SECRETARIAT'], run: (context, page, value) => auditPage(context, page, value) });
  },
};
