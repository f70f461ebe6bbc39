// The deal's line items (CORE-10): products from the catalogue (or free lines), quantity, price, discount
// and VAT. The server computes every line's and the deal's totals exactly; with items, the deal's amount is
// their total. The whole table is edited at once and saved with the deal's version (If-Match).
import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DealItems, Product } from '@voronka/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { queryKeys } from '../../../lib/queryKeys';
import { formatMoney, formatNumber } from '../../timeline/fieldText';
import { searchProducts, useDealItems, useSaveItems, type ItemInput } from './api';
import type { CardData } from './cardData';
import { RecordSelect, type RecordOption } from './RecordSelect';

const VAT_RATES = ['none', '0', '5', '7', '10', '20'] as const;

interface Row {
  key: number;
  product: RecordOption | null;
  name: string;
  quantity: string;
  price: string;
  discountPercent: string;
  vatRate: string;
  vatIncluded: boolean;
}

let nextKey = 1;

const decimal = (value: string) => value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');

function rowsOf(items: DealItems): Row[] {
  return items.items.map((item) => ({
    key: nextKey++,
    product: item.productId === null ? null : { value: item.productId, label: item.name },
    name: item.name,
    quantity: item.quantity,
    price: item.price,
    discountPercent: item.discountPercent,
    vatRate: item.vatRate,
    vatIncluded: item.vatIncluded,
  }));
}

/** Client checks of a row, by field; the server checks again. */
function rowErrors(
  row: Row,
  t: (
    key:
      | 'dealCard.items.invalidQuantity'
      | 'dealCard.items.invalidPrice'
      | 'dealCard.items.invalidDiscount'
      | 'dealCard.items.nameRequired',
  ) => string,
) {
  const errors: Partial<Record<'name' | 'quantity' | 'price' | 'discountPercent', string>> = {};
  if (row.product === null && row.name.trim() === '') errors.name = t('dealCard.items.nameRequired');
  const quantity = decimal(row.quantity);
  if (!/^\d+(\.\d{1,3})?$/.test(quantity) || Number(quantity) <= 0)
    errors.quantity = t('dealCard.items.invalidQuantity');
  if (!/^\d+(\.\d{1,2})?$/.test(decimal(row.price))) errors.price = t('dealCard.items.invalidPrice');
  const discount = decimal(row.discountPercent);
  if (!/^\d+(\.\d{1,2})?$/.test(discount) || Number(discount) > 100)
    errors.discountPercent = t('dealCard.items.invalidDiscount');
  return errors;
}

export function LineItems({ data }: { data: CardData }) {
  const { t } = useTranslation();
  const items = useDealItems(data.deal.id);
  const [editing, setEditing] = useState<{ rows: Row[]; baseVersion: number } | null>(null);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="deal-items-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id="deal-items-title">
          {t('dealCard.items.title')}
        </Title>
        {editing === null && items.data !== undefined && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={items.data.items.length === 0 ? <IconPlus size={14} /> : <IconPencil size={14} />}
            onClick={() =>
              setEditing({
                rows: items.data.items.length === 0 ? [emptyRow()] : rowsOf(items.data),
                baseVersion: items.data.version,
              })
            }
          >
            {items.data.items.length === 0 ? t('dealCard.items.add') : t('dealCard.items.edit')}
          </Button>
        )}
      </Group>
      {items.data === undefined ? (
        <Skeleton h={60} />
      ) : editing === null ? (
        <ItemsTable items={items.data} data={data} />
      ) : (
        <ItemsEditor data={data} editing={editing} setEditing={setEditing} onDone={() => setEditing(null)} />
      )}
    </Paper>
  );
}

const emptyRow = (): Row => ({
  key: nextKey++,
  product: null,
  name: '',
  quantity: '1',
  price: '0',
  discountPercent: '0',
  vatRate: 'none',
  vatIncluded: true,
});

function ItemsTable({ items, data }: { items: DealItems; data: CardData }) {
  const { t } = useTranslation();
  const money = (amount: string) => formatMoney(amount, items.currency, data.locale);
  const vat = (rate: string) => (rate === 'none' ? t('dealCard.items.noVat') : `${rate} %`);
  if (items.items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('dealCard.items.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-labelledby="deal-items-title" verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dealCard.items.product')}</Table.Th>
            <Table.Th ta="right">{t('dealCard.items.quantity')}</Table.Th>
            <Table.Th ta="right">{t('dealCard.items.price')}</Table.Th>
            <Table.Th ta="right">{t('dealCard.items.discount')}</Table.Th>
            <Table.Th ta="right">{t('dealCard.items.vat')}</Table.Th>
            <Table.Th ta="right">{t('dealCard.items.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>
                {item.name}
                {item.sku !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {item.sku}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatNumber(item.quantity, data.locale)} {item.unit}
              </Table.Td>
              <Table.Td ta="right">{money(item.price)}</Table.Td>
              <Table.Td ta="right">
                {item.discountPercent === '0' ? '—' : `${formatNumber(item.discountPercent, data.locale)} %`}
              </Table.Td>
              <Table.Td ta="right">{vat(item.vatRate)}</Table.Td>
              <Table.Td ta="right" fw={500}>
                {money(item.total)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Totals items={items} money={money} />
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function Totals({ items, money }: { items: DealItems; money: (amount: string) => string }) {
  const { t } = useTranslation();
  const line = (label: string, amount: string, strong = false) => (
    <Table.Tr>
      <Table.Td colSpan={5} ta="right" c={strong ? undefined : 'dimmed'} fw={strong ? 700 : undefined}>
        {label}
      </Table.Td>
      <Table.Td ta="right" fw={strong ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>
        {money(amount)}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <>
      {items.totals.discount !== '0.00' && line(t('dealCard.items.totalDiscount'), items.totals.discount)}
      {line(t('dealCard.items.totalNet'), items.totals.net)}
      {line(t('dealCard.items.totalVat'), items.totals.vat)}
      {line(t('dealCard.items.grandTotal'), items.totals.total, true)}
    </>
  );
}

function ItemsEditor({
  data,
  editing,
  setEditing,
  onDone,
}: {
  data: CardData;
  editing: { rows: Row[]; baseVersion: number };
  setEditing: (
    update: (
      current: { rows: Row[]; baseVersion: number } | null,
    ) => { rows: Row[]; baseVersion: number } | null,
  ) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const save = useSaveItems(data.deal.id);
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const { rows } = editing;

  const update = (key: number, patch: Partial<Row>) =>
    setEditing((current) =>
      current === null
        ? null
        : { ...current, rows: current.rows.map((row) => (row.key === key ? { ...row, ...patch } : row)) },
    );

  const reload = async () => {
    await Promise.all([
      queryClient.refetchQueries({ queryKey: queryKeys.dealItems(data.deal.id), exact: true }),
      queryClient.refetchQueries({ queryKey: queryKeys.deal(data.deal.id), exact: true }),
    ]);
    const fresh = queryClient.getQueryData<DealItems>(queryKeys.dealItems(data.deal.id));
    setEditing((current) =>
      current === null ? null : { ...current, baseVersion: fresh?.version ?? current.baseVersion },
    );
    setConflict(false);
  };

  const submit = () => {
    setShowErrors(true);
    if (rows.some((row) => Object.keys(rowErrors(row, t)).length > 0)) return;
    const body: ItemInput[] = rows.map((row) => ({
      productId: row.product?.value ?? null,
      ...(row.product === null ? { name: row.name.trim() } : {}),
      quantity: decimal(row.quantity),
      price: decimal(row.price),
      discountPercent: decimal(row.discountPercent),
      vatRate: row.vatRate,
      vatIncluded: row.vatIncluded,
    }));
    setMessage(null);
    setServerErrors({});
    save.mutate(
      { items: body, version: editing.baseVersion },
      {
        onSuccess: onDone,
        onError: (cause) => {
          if (isApiError(cause) && cause.status === 409) {
            setConflict(true);
            return;
          }
          const fields = isApiError(cause) ? cause.fields : {};
          const atRows = Object.fromEntries(
            Object.entries(fields).filter(([path]) => path.startsWith('items.')),
          );
          setServerErrors(atRows);
          if (Object.keys(atRows).length === 0) setMessage(errorText(cause));
        },
      },
    );
  };

  const vatOptions = VAT_RATES.map((rate) => ({
    value: rate,
    label: rate === 'none' ? t('dealCard.items.noVat') : `${rate} %`,
  }));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <ErrorAlert message={message} />
        {conflict && (
          <Alert color="orange" variant="light" role="alert">
            <Group justify="space-between">
              <Text size="sm">{t('dealCard.conflict')}</Text>
              <Button size="compact-xs" variant="light" color="orange" onClick={() => void reload()}>
                {t('dealCard.reload')}
              </Button>
            </Group>
          </Alert>
        )}
        {rows.map((row, index) => {
          const errors = showErrors ? rowErrors(row, t) : {};
          const server = (field: string) => serverErrors[`items.${index}.${field}`];
          const n = index + 1;
          return (
            <Paper key={row.key} withBorder p="xs" role="group" aria-label={t('dealCard.items.row', { n })}>
              <Group gap="xs" align="flex-start" wrap="wrap">
                <div style={{ flex: '2 1 220px' }}>
                  <RecordSelect<Product>
                    kind="product"
                    size="xs"
                    label={t('dealCard.items.product')}
                    value={row.product}
                    onChange={(option, product) =>
                      update(row.key, {
                        product: option,
                        ...(product !== null
                          ? { name: product.name, price: product.price, vatRate: product.vatRate }
                          : {}),
                      })
                    }
                    search={searchProducts}
                    toOption={(product) => ({
                      value: product.id,
                      label: product.sku === null ? product.name : `${product.name} · ${product.sku}`,
                    })}
                    placeholder={t('dealCard.items.productPlaceholder')}
                    error={server('productId')}
                  />
                  {row.product === null && (
                    <TextInput
                      size="xs"
                      mt={4}
                      label={t('dealCard.items.name')}
                      value={row.name}
                      onChange={(event) => update(row.key, { name: event.currentTarget.value })}
                      error={errors.name ?? server('name')}
                    />
                  )}
                </div>
                <TextInput
                  size="xs"
                  w={90}
                  label={t('dealCard.items.quantity')}
                  inputMode="decimal"
                  value={row.quantity}
                  onChange={(event) => update(row.key, { quantity: event.currentTarget.value })}
                  error={errors.quantity ?? server('quantity')}
                />
                <TextInput
                  size="xs"
                  w={110}
                  label={t('dealCard.items.price')}
                  inputMode="decimal"
                  value={row.price}
                  onChange={(event) => update(row.key, { price: event.currentTarget.value })}
                  error={errors.price ?? server('price')}
                />
                <TextInput
                  size="xs"
                  w={80}
                  label={t('dealCard.items.discountPercent')}
                  inputMode="decimal"
                  value={row.discountPercent}
                  onChange={(event) => update(row.key, { discountPercent: event.currentTarget.value })}
                  error={errors.discountPercent ?? server('discountPercent')}
                />
                <Select
                  size="xs"
                  w={100}
                  label={t('dealCard.items.vat')}
                  data={vatOptions}
                  value={row.vatRate}
                  onChange={(vatRate) => update(row.key, { vatRate: vatRate ?? 'none' })}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select
                  size="xs"
                  w={130}
                  label={t('dealCard.items.vatMode')}
                  data={[
                    { value: 'included', label: t('dealCard.items.vatIncluded') },
                    { value: 'added', label: t('dealCard.items.vatAdded') },
                  ]}
                  value={row.vatIncluded ? 'included' : 'added'}
                  onChange={(mode) => update(row.key, { vatIncluded: mode !== 'added' })}
                  allowDeselect={false}
                  disabled={row.vatRate === 'none'}
                  comboboxProps={{ withinPortal: true }}
                />
                <Tooltip label={t('dealCard.items.remove', { n })}>
                  <ActionIcon
                    mt={22}
                    variant="subtle"
                    color="red"
                    aria-label={t('dealCard.items.remove', { n })}
                    onClick={() =>
                      setEditing((current) =>
                        current === null
                          ? null
                          : { ...current, rows: current.rows.filter((other) => other.key !== row.key) },
                      )
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Paper>
          );
        })}
        <Group justify="space-between">
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setEditing((current) =>
                current === null ? null : { ...current, rows: [...current.rows, emptyRow()] },
              )
            }
          >
            {t('dealCard.items.addRow')}
          </Button>
          <Group gap="xs">
            <Button variant="default" size="compact-sm" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" size="compact-sm" loading={save.isPending}>
              {t('dealCard.items.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
