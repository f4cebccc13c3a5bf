import type { ReactNode } from 'react';
import { Alert } from 'antd';
import type { ErrorView } from '../backend';
import { errorText, useI18n } from '../i18n';

export function ErrorAlert({
  error,
  testId,
  action,
}: {
  error: ErrorView;
  testId?: string;
  action?: ReactNode;
}) {
  const { lang } = useI18n();
  const { title, detail } = errorText(lang, error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      data-error-code={error.code}
      title={title}
      description={detail}
      action={action}
    />
  );
}
