// Converting a lead (CORE-2): a deal in the chosen pipeline and stage, a contact and a company — each made
// from the lead or picked among existing ones. The server does it in one transaction; what it refuses is
// shown in the part of the dialog it concerns, with the choices kept. A deal made opens at once.
import { useState } from 'react';
import {
  Alert,
  Checkbox,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CustomField, Lead, Pipeline } from '@voronka/contracts';
import { DialogActions } from '../../../components/ui/DialogActions';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { searchCompanies, searchContacts } from '../../deals/card/api';
import { RecordSelect, type RecordOption } from '../../deals/card/RecordSelect';
import { useConvertLead, type ConvertBody } from '../api';

type TargetMode = 'none' | 'new' | 'existing';
type Part = 'deal' | 'contact' | 'company';

/** The server's field errors of a conversion by the part of the dialog they concern (`deal.stageId` → deal). */
export function errorsByPart(
  fields: Readonly<Record<string, string>>,
  fieldName: (path: string) => string | null,
): { parts: Partial<Record<Part, string[]>>; other: string[] } {
  const parts: Partial<Record<Part, string[]>> = {};
  const other: string[] = [];
  for (const [path, reason] of Object.entries(fields)) {
    const [head, ...rest] = path.split('.');
    if (head === 'deal' || head === 'contact' || head === 'company') {
      const sub = rest.join('.');
      const named = sub === '' || sub === 'id' ? null : (fieldName(sub) ?? sub);
      (parts[head] ??= []).push(named === null ? reason : `${named}: ${reason}`);
    } else other.push(path === 'body' || path === '' ? reason : `${path}: ${reason}`);
  }
  return { parts, other };
}

export function ConvertDialog({
  opened,
  onClose,
  lead,
  pipelines,
  dealFields,
}: {
  opened: boolean;
  onClose: () => void;
  lead: Lead;
  pipelines: readonly Pipeline[];
  dealFields: readonly CustomField[];
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.convert.title')} size="lg" centered>
      {opened && <ConvertForm lead={lead} pipelines={pipelines} dealFields={dealFields} onClose={onClose} />}
    </Modal>
  );
}

function ConvertForm({
  lead,
  pipelines,
  dealFields,
  onClose,
}: {
  lead: Lead;
  pipelines: readonly Pipeline[];
  dealFields: readonly CustomField[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const convert = useConvertLead(lead.id);
  const defaultPipeline = pipelines.find((pipeline) => pipeline.isDefault) ?? pipelines[0];
  const [withDeal, setWithDeal] = useState(true);
  const [dealName, setDealName] = useState(lead.name);
  const [pipelineId, setPipelineId] = useState<string | null>(defaultPipeline?.id ?? null);
  const [stageId, setStageId] = useState<string | null>(null);
  const hasPerson = Boolean(lead.firstName ?? lead.lastName);
  const [contactMode, setContactMode] = useState<TargetMode>(
    hasPerson ? 'new' : lead.contactId !== null ? 'existing' : 'none',
  );
  const [contact, setContact] = useState<RecordOption | null>(null);
  const [companyMode, setCompanyMode] = useState<TargetMode>(
    lead.companyName ? 'new' : lead.companyId !== null ? 'existing' : 'none',
  );
  const [company, setCompany] = useState<RecordOption | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Part, string[]>>>({});
  const [message, setMessage] = useState<string | null>(null);

  const pipeline = pipelines.find((candidate) => candidate.id === pipelineId);
  const stages = (pipeline?.stages ?? []).filter(
    (stage) => stage.kind === 'open' || stage.kind === 'unsorted',
  );

  const fieldName = (path: string) => {
    const match = /^customFields\.(.+)$/.exec(path);
    if (match === null) return null;
    return dealFields.find((field) => field.id === match[1])?.name ?? null;
  };

  const submit = () => {
    setMessage(null);
    const local: Partial<Record<Part, string[]>> = {};
    if (withDeal && pipelineId === null) local.deal = [t('leads.convert.pipelineRequired')];
    if (withDeal && dealName.trim() === '') local.deal = [t('leads.convert.nameRequired')];
    if (contactMode === 'existing' && contact === null) local.contact = [t('leads.convert.pickContact')];
    if (companyMode === 'existing' && company === null) local.company = [t('leads.convert.pickCompany')];
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    if (!withDeal && contactMode === 'none' && companyMode === 'none') {
      setMessage(t('leads.convert.chooseSomething'));
      return;
    }
    const body: ConvertBody = {};
    if (withDeal && pipelineId !== null)
      body.deal = {
        pipelineId,
        ...(stageId === null ? {} : { stageId }),
        ...(dealName.trim() === lead.name ? {} : { name: dealName.trim() }),
      };
    if (contactMode === 'new') body.contact = { create: true };
    else if (contactMode === 'existing' && contact !== null) body.contact = { id: contact.value };
    if (companyMode === 'new') body.company = { create: true };
    else if (companyMode === 'existing' && company !== null) body.company = { id: company.value };

    convert.mutate(
      { body, version: lead.version },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'teal', message: t('leads.convert.done', { name: lead.name }) });
          onClose();
          if (result.dealId !== null) void navigate(`/deals/${result.dealId}`);
        },
        onError: (cause) => {
          const byPart = errorsByPart(isApiError(cause) ? cause.fields : {}, fieldName);
          setErrors(byPart.parts);
          const placed = Object.keys(byPart.parts).length > 0;
          if (byPart.other.length > 0) setMessage(byPart.other.join(' '));
          else if (!placed)
            setMessage(
              isApiError(cause) && cause.status === 409 && cause.code === 'stale_version'
                ? t('leads.card.conflictRetry')
                : errorText(cause),
            );
        },
      },
    );
  };

  const partError = (part: Part) =>
    errors[part] === undefined ? null : (
      <Text size="sm" c="red" role="alert" data-testid={`convert-${part}-error`}>
        {errors[part].join(' ')}
      </Text>
    );

  const modeControl = (
    label: string,
    value: TargetMode,
    onChange: (mode: TargetMode) => void,
    canCreate: boolean,
  ) => (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <SegmentedControl
        aria-label={label}
        size="xs"
        value={value}
        onChange={(next) => onChange(next)}
        data={[
          { value: 'none', label: t('leads.convert.skip') },
          { value: 'new', label: t('leads.convert.createNew'), disabled: !canCreate },
          { value: 'existing', label: t('leads.convert.pickExisting') },
        ]}
      />
    </Stack>
  );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
      aria-label={t('leads.convert.title')}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('leads.convert.intro')}
        </Text>
        {message !== null && (
          <Alert color="red" variant="light" role="alert">
            {message}
          </Alert>
        )}
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Checkbox
              label={t('leads.convert.createDeal')}
              checked={withDeal}
              onChange={(event) => setWithDeal(event.currentTarget.checked)}
              fw={600}
            />
            {withDeal && (
              <>
                <TextInput
                  label={t('leads.convert.dealName')}
                  value={dealName}
                  onChange={(event) => setDealName(event.currentTarget.value)}
                  maxLength={200}
                />
                <Select
                  label={t('leads.convert.pipeline')}
                  data={pipelines.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
                  value={pipelineId}
                  onChange={(value) => {
                    setPipelineId(value);
                    setStageId(null);
                  }}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select
                  label={t('leads.convert.stage')}
                  placeholder={t('leads.convert.firstStage')}
                  data={stages.map((stage) => ({ value: stage.id, label: stage.name }))}
                  value={stageId}
                  onChange={setStageId}
                  clearable
                  comboboxProps={{ withinPortal: true }}
                />
              </>
            )}
            {partError('deal')}
          </Stack>
        </Paper>
        <Paper withBorder p="sm">
          <Stack gap="xs">
            {modeControl(t('leads.convert.contact'), contactMode, setContactMode, hasPerson)}
            {contactMode === 'new' && (
              <Text size="sm" c="dimmed">
                {t('leads.convert.newContact', { name: lead.personName })}
              </Text>
            )}
            {contactMode === 'existing' && (
              <RecordSelect
                kind="contact"
                label={t('leads.convert.existingContact')}
                value={contact}
                onChange={(option) => setContact(option)}
                search={searchContacts}
                toOption={(record) => ({ value: record.id, label: record.name })}
              />
            )}
            {partError('contact')}
          </Stack>
        </Paper>
        <Paper withBorder p="sm">
          <Stack gap="xs">
            {modeControl(t('leads.convert.company'), companyMode, setCompanyMode, Boolean(lead.companyName))}
            {companyMode === 'new' && (
              <Text size="sm" c="dimmed">
                {t('leads.convert.newCompany', { name: lead.companyName ?? '' })}
              </Text>
            )}
            {companyMode === 'existing' && (
              <RecordSelect
                kind="company"
                label={t('leads.convert.existingCompany')}
                value={company}
                onChange={(option) => setCompany(option)}
                search={searchCompanies}
                toOption={(record) => ({ value: record.id, label: record.name })}
              />
            )}
            {partError('company')}
          </Stack>
        </Paper>
        <DialogActions
          onCancel={onClose}
          submitLabel={t('leads.convert.submit')}
          loading={convert.isPending}
        />
      </Stack>
    </form>
  );
}
