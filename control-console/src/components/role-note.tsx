import { useTranslation } from 'react-i18next';
import { rolesText } from '../labels.js';
import { useCatalogCommand } from '../use-console.js';

/**
 * Says, where a control is, why this user cannot use it ("Chỉ dành cho: Điều hành viên, ... /
 * Only for: Operator, ..."), from the catalog's roles for `command`. Nothing while the catalog
 * loads or when the user may run it.
 */
export function RoleNote({ command }: { command: string }) {
  const { t } = useTranslation();
  const entry = useCatalogCommand(command);
  if (!entry || entry.allowed) return null;
  return (
    <p className="role-note" data-testid="role-note" data-command={command}>
      {t('catalog.notAllowed', { roles: rolesText(t, entry.roles) })}
    </p>
  );
}
