// 人员与账号: the officers who can unlock this archive, for its account administrator (an
// office administrator, or a village archive's founder) to add, disable, enable and remove.
// Others see the list only. Who may do what is the backend's answer (`administers`); this
// screen only hides what it would refuse. Deliberately absent: renaming and changing roles
// (remove and add again), and the recovery key (`dossier recovery` on the command line).

import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, SafetyOutlined } from '@ant-design/icons';

import { normaliseError, useBackend, type ErrorView, type OfficerView, type SessionView } from '../backend';
import { roleLabel, useI18n } from '../i18n';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';

export interface AccountsScreenProps {
  session: SessionView;
  onLocked: () => void;
}

const ROLES_AT: Record<string, string[]> = {
  village: ['village_worker'],
  office: ['office_staff', 'office_admin', 'village_worker'],
};

export function AccountsScreen({ session, onLocked }: AccountsScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [rows, setRows] = useState<OfficerView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [adding, setAdding] = useState(false);

  const fail = useCallback(
    (reason: unknown) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    },
    [onLocked],
  );

  const load = useCallback(() => {
    backend.officerList().then(setRows, fail);
  }, [backend, fail]);
  useEffect(load, [load]);

  const act = (work: Promise<unknown>) => {
    setError(null);
    work.then(load, fail);
  };

  const administers = session.administers_accounts;
  const columns: ColumnsType<OfficerView> = [
    {
      key: 'name',
      title: t.accountsName,
      render: (_, o) => (
        <Space>
          <span>{o.name}</span>
          {o.is_self && <Tag>{t.accountsSelf}</Tag>}
          {o.administers && <Tag color="blue">{t.accountsAdmin}</Tag>}
        </Space>
      ),
    },
    { key: 'role', title: t.accountsRole, render: (_, o) => roleLabel(lang, o.role) },
    {
      key: 'status',
      title: t.accountsStatus,
      render: (_, o) =>
        o.active ? <Tag color="green">{t.accountsActive}</Tag> : <Tag color="red">{t.accountsDisabled}</Tag>,
    },
    ...(administers
      ? [
          {
            key: 'actions',
            title: t.accountsActions,
            render: (_: unknown, o: OfficerView) =>
              o.is_self ? null : (
                <Space size={0}>
                  {o.active ? (
                    <Popconfirm
                      title={t.accountsDisableConfirm(o.name)}
                      onConfirm={() => act(backend.officerSetActive(o.officer_id, false))}
                      okText={t.accountsDisable}
                      cancelText={t.cancel}
                    >
                      <Button type="link" data-testid={`officer-disable-${o.officer_id}`}>
                        {t.accountsDisable}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      type="link"
                      data-testid={`officer-enable-${o.officer_id}`}
                      onClick={() => act(backend.officerSetActive(o.officer_id, true))}
                    >
                      {t.accountsEnable}
                    </Button>
                  )}
                  <Popconfirm
                    title={t.accountsRemoveConfirm(o.name)}
                    onConfirm={() => act(backend.officerRemove(o.officer_id))}
                    okText={t.accountsRemove}
                    okButtonProps={{ danger: true }}
                    cancelText={t.cancel}
                  >
                    <Button type="link" danger data-testid={`officer-remove-${o.officer_id}`}>
                      {t.accountsRemove}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div className="dash-page" data-testid="accounts">
      <AppHeader title={t.accountsTitle} session={session} onLocked={onLocked} />
      <main className="reg-main">
        <div className="dash-head">
          <h1 className="dash-title">
            <SafetyOutlined aria-hidden /> {t.accountsTitle}
          </h1>
          <span className="muted">{administers ? t.accountsIntro : t.accountsReadOnly}</span>
        </div>
        {administers && (
          <div className="accounts-actions">
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="officer-add">
              {t.accountsAdd}
            </Button>
          </div>
        )}
        {error && <ErrorAlert error={error} testId="accounts-error" />}
        {!rows ? (
          <Spin />
        ) : (
          <Table<OfficerView>
            rowKey="officer_id"
            data-testid="accounts-table"
            columns={columns}
            dataSource={rows}
            pagination={false}
            onRow={(o) => ({ 'data-testid': 'officer-row', 'data-officer': o.officer_id }) as HTMLAttributes<HTMLElement>}
          />
        )}
        <AddOfficer
          open={adding}
          roles={ROLES_AT[session.site_role] ?? ['village_worker']}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            load();
          }}
        />
      </main>
    </div>
  );
}

function AddOfficer({
  open,
  roles,
  onClose,
  onAdded,
}: {
  open: boolean;
  roles: string[];
  onClose: () => void;
  onAdded: () => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [name, setName] = useState('');
  const [role, setRole] = useState(roles[0]);
  const [passphrase, setPassphrase] = useState('');
  const [mine, setMine] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);

  const short = passphrase.length > 0 && [...passphrase].length < 8;
  const ready = name.trim().length > 0 && passphrase.length > 0 && !short && mine.length > 0;

  const reset = () => {
    setName('');
    setPassphrase('');
    setMine('');
    setError(null);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const added = await backend.officerAdd({ name: name.trim(), role, passphrase }, mine);
      void message.success(t.accountsAdded(added.name));
      reset();
      onAdded();
    } catch (reason) {
      setError(normaliseError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t.accountsAdd}
      onCancel={() => {
        reset();
        onClose();
      }}
      onOk={save}
      okText={t.accountsAdd}
      cancelText={t.cancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: !ready, ...({ 'data-testid': 'officer-add-save' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t.accountsName}>
          <Input data-testid="officer-add-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} />
        </Form.Item>
        <Form.Item label={t.accountsRole}>
          <Select
            data-testid="officer-add-role"
            value={role}
            onChange={setRole}
            options={roles.map((r) => ({ value: r, label: roleLabel(lang, r) }))}
          />
        </Form.Item>
        <Form.Item
          label={t.accountsInitialPassphrase}
          validateStatus={short ? 'error' : undefined}
          help={short ? t.passphraseTooShort : undefined}
        >
          <Input.Password
            data-testid="officer-add-passphrase"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            autoComplete="new-password"
          />
        </Form.Item>
        <Form.Item label={t.accountsYourPassphrase}>
          <Input.Password
            data-testid="officer-add-mine"
            value={mine}
            onChange={(e) => setMine(e.target.value)}
            autoComplete="current-password"
          />
        </Form.Item>
        {error && <ErrorAlert error={error} testId="officer-add-error" />}
      </Form>
    </Modal>
  );
}
