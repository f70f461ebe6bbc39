// "Import / Export" in the toolbar of the contacts, companies, deals and leads lists: import a CSV / XLSX
// file (the wizard at /imports/file), or download the list as the page shows it — its filters, search and
// sort, read from the page's address — as CSV or XLSX.
import { useState } from 'react';
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconFileSpreadsheet, IconFileTypeCsv, IconFileUpload } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SpreadsheetEntity } from '@voronka/contracts';
import { useLocale } from '../../i18n/useLocale';
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

  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <Button
          variant="default"
          rightSection={<IconChevronDown size={14} aria-hidden />}
          loading={pending !== null}
        >
          {t('spreadsheets.menu.label')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconFileUpload size={16} aria-hidden />}
          onClick={() => void navigate(`/imports/file?entity=${entity}`)}
        >
          {t('spreadsheets.menu.import')}
        </Menu.Item>
        <Menu.Divider />
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
      </Menu.Dropdown>
    </Menu>
  );
}
