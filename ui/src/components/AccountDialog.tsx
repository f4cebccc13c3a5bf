// 我的账号: what every officer may change about their own account — their passphrase (only
// their key slot is rewritten; the old passphrase stops working) and, for this computer, how
// long the app waits without use before it locks itself.

import { useState } from 'react';
import { App as AntApp, Form, Input, Modal, Select } from 'antd';

import { normaliseError, useBackend, type ErrorView } from '../backend';
import { useI18n } from '../i18n';
import { AUTO_LOCK_CHOICES, useAutoLock } from '../idle';
import { ErrorAlert } from './ErrorAlert';

const MIN_PASSPHRASE = 8;

export function AccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const backend = useBackend();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const autoLock = useAutoLock();
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);

  // Said before asking the backend, which would refuse the same (and says so in English).
  const problem =
    next.length > 0 && [...next].length < MIN_PASSPHRASE
      ? t.passphraseTooShort
      : again.length > 0 && again !== next
        ? t.passphraseMismatch
        : null;
  const ready = old.length > 0 && next.length > 0 && again === next && problem === null;

  const close = () => {
    setOld('');
    setNext('');
    setAgain('');
    setError(null);
    onClose();
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await backend.changePassphrase(old, next);
      void message.success(t.passphraseChanged);
      close();
    } catch (reason) {
      setError(normaliseError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.myAccountTitle}
      onCancel={close}
      onOk={save}
      okText={t.changePassphrase}
      cancelText={t.cancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: !ready, ...({ 'data-testid': 'passphrase-save' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t.autoLock} extra={t.autoLockHint}>
          <Select
            data-testid="auto-lock-minutes"
            value={autoLock.minutes}
            onChange={autoLock.setMinutes}
            options={AUTO_LOCK_CHOICES.map((n) => ({ value: n, label: t.autoLockMinutes(n) }))}
            style={{ width: 160 }}
          />
        </Form.Item>
        <h3>{t.changePassphrase}</h3>
        <Form.Item label={t.currentPassphrase}>
          <Input.Password data-testid="passphrase-old" value={old} onChange={(e) => setOld(e.target.value)} autoComplete="current-password" />
        </Form.Item>
        <Form.Item label={t.newPassphrase}>
          <Input.Password data-testid="passphrase-new" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t.newPassphraseAgain}
          validateStatus={problem ? 'error' : undefined}
          help={problem ?? undefined}
        >
          <Input.Password data-testid="passphrase-again" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
        </Form.Item>
        {error && <ErrorAlert error={error} testId="passphrase-error" />}
      </Form>
    </Modal>
  );
}
