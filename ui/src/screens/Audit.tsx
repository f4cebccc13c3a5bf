// 审计日志 (its 说明 in Chinese from the stored English words, see i18n's auditDetailText):
// who opened which file, changed, exported, imported, signed in (or failed to),
// backed up and restored, on this computer — newest first, with a search box and a filter
// by kind of action. Office roles only: the backend refuses a village worker
// (permission_denied) and the navigation does not offer the page to one.
// Deliberately absent: editing or exporting the log, and checking its hash chain (that is
// `dossier check`, which names the first altered entry).

import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Empty, Input, Select, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { AuditOutlined, SearchOutlined } from '@ant-design/icons';

import { normaliseError, useBackend, type AuditEntryView, type ErrorView, type SessionView } from '../backend';
import { auditActionLabel, auditDetailText, useI18n } from '../i18n';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';

export interface AuditScreenProps {
  session: SessionView;
  onLocked: () => void;
}

/** Actions shown in red: what someone should look at first. */
const ALERTS = new Set(['sign_in_failed', 'restore']);

export function AuditScreen({ session, onLocked }: AuditScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [query, setQuery] = useState('');
  const [action, setAction] = useState<string | null>(null);

  useEffect(() => {
    backend.auditLog(null).then(
      (list) => setEntries([...list].reverse()),
      (reason) => {
        const e = normaliseError(reason);
        if (e.code === 'locked') onLocked();
        else setError(e);
      },
    );
    // Read once per visit: every read is itself an entry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (entries ?? []).filter(
      (e) =>
        (!action || e.action === action) &&
        (!q ||
          [e.officer_name, e.file_no, e.detail, auditDetailText(lang, e.detail), auditActionLabel(lang, e.action)].some((v) =>
            (v ?? '').toLowerCase().includes(q),
          )),
    );
  }, [entries, query, action, lang]);

  const actions = useMemo(
    () => [...new Set((entries ?? []).map((e) => e.action))].sort(),
    [entries],
  );

  const columns: ColumnsType<AuditEntryView> = [
    { key: 'seq', title: t.auditSeq, dataIndex: 'seq', render: (n: number) => <span className="mono">{n}</span> },
    { key: 'at', title: t.auditAt, dataIndex: 'at', render: (at: string) => <span className="mono">{at}</span> },
    {
      key: 'officer',
      title: t.auditOfficer,
      render: (_: unknown, e: AuditEntryView) => e.officer_name ?? (e.officer_id ? e.officer_id : t.auditNobody),
    },
    {
      key: 'action',
      title: t.auditAction,
      render: (_: unknown, e: AuditEntryView) => (
        <Tag color={ALERTS.has(e.action) ? 'red' : undefined} data-testid="audit-action">
          {auditActionLabel(lang, e.action)}
        </Tag>
      ),
    },
    {
      key: 'file',
      title: t.auditFile,
      render: (_: unknown, e: AuditEntryView) => <span className="mono">{e.file_no ?? e.subject_id ?? ''}</span>,
    },
    {
      key: 'detail',
      title: t.auditDetail,
      // The stored words (English, covered by the hash chain) on hover, for `dossier audit`.
      render: (_: unknown, e: AuditEntryView) => (
        <span title={lang === 'zh' ? e.detail : undefined} className="audit-detail" data-testid="audit-detail">
          {auditDetailText(lang, e.detail)}
        </span>
      ),
    },
  ];

  return (
    <div className="dash-page" data-testid="audit">
      <AppHeader title={t.auditTitle} session={session} onLocked={onLocked} />
      <main className="reg-main">
        <div className="dash-head">
          <h1 className="dash-title">
            <AuditOutlined aria-hidden /> {t.auditTitle}
          </h1>
          <span className="muted">{t.auditIntro}</span>
        </div>
        {error ? (
          <ErrorAlert error={error} testId="audit-error" />
        ) : !entries ? (
          <Spin />
        ) : (
          <section className="reg-pane">
            <div className="reg-toolbar">
              <Input
                allowClear
                prefix={<SearchOutlined aria-hidden />}
                placeholder={t.auditSearch}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                className="reg-search"
                style={{ width: 320 }}
                data-testid="audit-search"
              />
              <Select
                allowClear
                placeholder={t.auditAllActions}
                value={action}
                onChange={(v) => setAction(v ?? null)}
                options={actions.map((a) => ({ value: a, label: auditActionLabel(lang, a) }))}
                style={{ minWidth: 160 }}
                data-testid="audit-filter"
              />
              <span className="reg-spacer" />
              <span className="muted">{t.registerCount(shown.length)}</span>
            </div>
            <Table
              rowKey="seq"
              size="middle"
              columns={columns}
              dataSource={shown}
              pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty description={t.auditEmpty} /> }}
              onRow={() => ({ 'data-testid': 'audit-row' }) as HTMLAttributes<HTMLElement>}
            />
          </section>
        )}
      </main>
    </div>
  );
}
