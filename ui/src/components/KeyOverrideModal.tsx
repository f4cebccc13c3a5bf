import { useEffect, useState } from 'react';
import { Input, Modal, Radio, Space, Typography } from 'antd';

import { normaliseError, useBackend, type ErrorView, type SubjectFileView } from '../backend';
import { keyReasonLabel, useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

type Choice = 'rules' | 'yes' | 'no';

/** Overrides the key-subject rules (yes / no) with a reason, or follows them again. */
export function KeyOverrideModal({
  open,
  file,
  onClose,
  onSaved,
}: {
  open: boolean;
  file: SubjectFileView;
  onClose: () => void;
  onSaved: (file: SubjectFileView) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const current: Choice =
    file.facts.key_override === null ? 'rules' : file.facts.key_override ? 'yes' : 'no';
  const [choice, setChoice] = useState<Choice>(current);
  const [reason, setReason] = useState(file.facts.key_override_reason ?? '');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    if (open) {
      setChoice(current);
      setReason(file.facts.key_override_reason ?? '');
      setTouched(false);
      setError(null);
    }
    // Reset each time it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const needsReason = choice !== 'rules';
  const missing = needsReason && reason.trim() === '';
  const reasons = file.facts.key_reasons.map((r) => keyReasonLabel(lang, r)).join(lang === 'zh' ? '、' : ', ');

  const save = async () => {
    if (missing) {
      setTouched(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await backend.subjectKeyOverride(
        file.subject.id,
        choice === 'rules' ? null : choice === 'yes',
        choice === 'rules' ? null : reason.trim(),
      );
      onSaved(updated);
    } catch (e) {
      setError(normaliseError(e));
    }
    setBusy(false);
  };

  return (
    <Modal
      open={open}
      title={t.keyOverrideTitle}
      okText={t.save}
      cancelText={t.cancel}
      onOk={save}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: missing, ...({ 'data-testid': 'key-override-save' } as Record<string, string>) }}
      destroyOnHidden
    >
      <div data-testid="key-override">
        <Typography.Paragraph type="secondary">
          {reasons ? t.keyOverrideRules(reasons) : t.keyOverrideNoReasons}
        </Typography.Paragraph>
        <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
          <Space orientation="vertical">
            <Radio value="rules" data-testid="key-choice-rules">{t.keyOverrideFollow}</Radio>
            <Radio value="yes" data-testid="key-choice-yes">{t.keyOverrideYes}</Radio>
            <Radio value="no" data-testid="key-choice-no">{t.keyOverrideNo}</Radio>
          </Space>
        </Radio.Group>
        {needsReason && (
          <div className="rf-field key-reason">
            <label htmlFor="key-reason" className="rf-label">
              {t.keyOverrideReason}
              <span className="rf-required" aria-hidden> *</span>
            </label>
            <Input.TextArea
              id="key-reason"
              autoFocus
              data-testid="key-override-reason"
              value={reason}
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t.keyOverrideReasonPlaceholder}
              status={missing && touched ? 'error' : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setTouched(true);
              }}
              onBlur={() => setTouched(true)}
            />
            {missing && (
              <div className="rf-error" data-testid="key-override-error">
                {t.keyOverrideReasonRequired}
              </div>
            )}
          </div>
        )}
        {error && <ErrorAlert error={error} testId="key-override-failed" />}
      </div>
    </Modal>
  );
}
