import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError, type ApiError } from './api';

/** Server error codes with a message of their own in the UI languages. */
const CODE_MESSAGES = {
  email_taken: 'errors.email_taken',
  already_member: 'errors.already_member',
  last_admin: 'errors.last_admin',
  cannot_deactivate_self: 'errors.cannot_deactivate_self',
  department_has_children: 'errors.department_has_children',
  department_has_users: 'errors.department_has_users',
  totp_invalid: 'errors.totp_invalid',
  no_active_account: 'errors.no_active_account',
  invitation_used: 'errors.invitation_used',
  invitation_revoked: 'errors.invitation_revoked',
  invitation_expired: 'errors.invitation_expired',
  stale_version: 'errors.stale_version',
  default_pipeline: 'errors.default_pipeline',
  pipeline_not_empty: 'errors.pipeline_not_empty',
  system_stage: 'errors.system_stage',
  stage_not_empty: 'errors.stage_not_empty',
  duplicate_name: 'errors.duplicate_name',
} as const;

/**
 * The server's refusals for want of a role's right (403, ADR 0018), by their message, in the UI languages.
 * Another refusal naming the role is shown as the server words it; any other 403 is the administrators-only
 * one.
 */
const FORBIDDEN_MESSAGES = {
  'Your role does not allow moving deals into this stage': 'errors.forbidden.moveDealToStage',
  'Your role does not allow moving this deal into the stage': 'errors.forbidden.moveDealToStage',
  'Your role does not allow changing this deal': 'errors.forbidden.editDeal',
  'Your role does not allow deleting this deal': 'errors.forbidden.deleteDeal',
  'Your role does not allow creating this deal (for this responsible user, in this stage)':
    'errors.forbidden.createDeal',
  'Changing settings needs the "may change settings" right': 'errors.forbidden.settings',
} as const;

const SPREADSHEET_REFUSAL =
  /^Your role does not allow (importing|exporting) (contacts|companies|deals|leads)$/;

/** A refusal for want of a right in the user's words, or undefined when the message is not one we know. */
export function forbiddenText(t: TFunction, message: string): string | undefined {
  if (Object.hasOwn(FORBIDDEN_MESSAGES, message))
    return t(FORBIDDEN_MESSAGES[message as keyof typeof FORBIDDEN_MESSAGES]);
  const spreadsheet = SPREADSHEET_REFUSAL.exec(message);
  if (spreadsheet !== null)
    return t(spreadsheet[1] === 'importing' ? 'errors.forbidden.import' : 'errors.forbidden.export', {
      records: t(
        `errors.forbidden.records.${spreadsheet[2] as 'contacts' | 'companies' | 'deals' | 'leads'}`,
      ),
    });
  return undefined;
}

function codeMessage(t: TFunction, error: ApiError): string | undefined {
  if (error.code === undefined || !Object.hasOwn(CODE_MESSAGES, error.code)) return undefined;
  return t(CODE_MESSAGES[error.code as keyof typeof CODE_MESSAGES]);
}

/** A human message for any error thrown by the API client, in the current language where we can. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error)) {
        if (error.status === 0) return t('common.networkError');
        const known = codeMessage(t, error);
        if (known !== undefined) return known;
        if (error.status === 403)
          return (
            (error.detail === undefined ? undefined : forbiddenText(t, error.detail)) ??
            (error.detail?.startsWith('Your role') ? error.detail : t('common.forbidden'))
          );
        if (error.status === 404 && error.detail === undefined) return t('common.notFound');
        return error.detail ?? error.title;
      }
      return t('common.unexpected', { message: error instanceof Error ? error.message : String(error) });
    },
    [t],
  );
}

/**
 * Puts the server's field errors next to the matching inputs (translated when the error code is
 * known). Returns true when at least one of `fields` received an error, so no separate alert is needed.
 */
export function useApplyFieldErrors() {
  const { t } = useTranslation();
  return useCallback(
    <F extends string>(
      form: { setFieldError: (path: F, error: string) => void },
      error: unknown,
      fields: readonly F[],
    ): boolean => {
      if (!isApiError(error)) return false;
      const known = codeMessage(t, error);
      const matched = fields.filter((field) => error.fields[field] !== undefined);
      for (const field of matched) {
        form.setFieldError(
          field,
          matched.length === 1 && known !== undefined ? known : (error.fields[field] ?? ''),
        );
      }
      return matched.length > 0;
    },
    [t],
  );
}

/**
 * The error state of a form that submits to the API. `show(error)` puts the server's field errors
 * next to the matching inputs of `fields`, or, when none of them is concerned, sets `message`, which
 * the form shows above its inputs (`<ErrorAlert message={errors.message} />`).
 */
export function useFormErrors<F extends string>(
  form: { setFieldError: (path: F, error: string) => void },
  fields: readonly F[],
) {
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [message, setMessage] = useState<string | null>(null);
  const show = (error: unknown) =>
    setMessage(applyFieldErrors(form, error, fields) ? null : errorText(error));
  return { message, setMessage, show };
}
