// "Import / Export" in the toolbar of the contacts, companies, deals and leads lists: import a CSV / XLSX
// file (the wizard at /imports/file), or download the list as the page shows it — its filters, search and
// sort, read from the page's address — as CSV or XLSX. Each half shows only with the role's right to import
// or export the entity (ADR 0018); without either the menu is not there.
import { useState } from 'react';
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconFileSpreadsheet, IconFileTypeCsv, IconFileUpload } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SpreadsheetEntity } from '@voronka/contracts';
import { useLocale } from '../../i18n/useLocale';
import { can, spreadsheetRightsEntity } from '../access/can';
import { useMyAccess } from '../access/api';
import { useErrorText } from '../../lib/errors';
import { downloadFile, useEntityCustomFields } from './api';
import { exportUrl, listQueryOf, type ExportFormat } from './exportUrl';
import { useSearchParams } from '../../lib/searchParams';

export function SpreadsheetMenu({
  entity,
  pipelineId,
}: {
  entity: SpreadsheetEntity;
  /** Deals: the pipeline the list shows. */
  pipelineId?: string | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const fields = useEntityCustomFields(entity);
  const [pending, setPending] = useState<ExportFormat | null>(null);
  const me = useMyAccess().data;
  const mayImport = can(me, spreadsheetRightsEntity[entity], 'import');
  const mayExport = can(me, spreadsheetRightsEntity[entity], 'export');

  const exportAs = async (format: ExportFormat) => {
    setPending(format);
    try {
      const query = listQueryOf(entity, params, { customFields: fields.data ?? [], pipelineId });
      await downloadFile(exportUrl(entity, format, query, locale), `${entity}.${format}`);
    } catch (error) {
      notifications.show({
        color: 'red',
        message: t('spreadsheets.menu.exportFailed', { message: errorText(error) }),
      });
    } finally {
      setPending(null);
    }
  };

  if (!mayImport && !mayExport) return null;
  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <Button
          variant="default"
          rightSection={<IconChevronDown size={14} aria-hidden />}
          loading={pending !== null}
        >
          {t(
            mayImport && mayExport
              ? 'spreadsheets.menu.label'
              : mayImport
                ? 'spreadsheets.menu.importLabel'
                : 'spreadsheets.menu.exportLabel',
          )}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {mayImport && (
          <Menu.Item
            leftSection={<IconFileUpload size={16} aria-hidden />}
            onClick={() => void navigate(`/imports/file?entity=${entity}`)}
          >
            {t('spreadsheets.menu.import')}
          </Menu.Item>
        )}
        {mayImport && mayExport && <Menu.Divider />}
        {mayExport && (
          <>
            <Menu.Item
              leftSection={<IconFileTypeCsv size={16} aria-hidden />}
              disabled={fields.isPending}
              onClick={() => void exportAs('csv')}
            >
              {t('spreadsheets.menu.exportCsv')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
              disabled={fields.isPending}
              onClick={() => void exportAs('xlsx')}
            >
              {t('spreadsheets.menu.exportXlsx')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
