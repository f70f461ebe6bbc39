// The server's reasons at a field, in the UI language where we know them.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

const KNOWN: Record<string, 'requiredAtStage' | 'required'> = {
  'required at this stage': 'requiredAtStage',
  required: 'required',
};

export function useReasonText(): (reason: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (reason: string) => {
      const key = KNOWN[reason];
      return key === undefined ? reason : t(`dealCard.reason.${key}`);
    },
    [t],
  );
}
