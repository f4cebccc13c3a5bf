// 工作台账: the registers that are about no one subject — correction staff, volunteers,
// trainings, meetings. One tab per register, a table of its entries with a search box, and
// the generic record form over the register's fields to add or edit. Who may write which
// register is the backend's answer (`may_edit`); this screen only hides what it would refuse.
// Deliberately absent: printing the registers (reports come later).

import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { App as AntApp, Button, Empty, Input, Popconfirm, Space, Spin, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  BookOutlined,
  DeleteOutlined,
  EditOutlined,
  LockOutlined,
  PlusOutlined,
  SearchOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type FieldView,
  type RegisterEntryView,
  type RegisterKindView,
  type SessionView,
} from '../backend';
import { pick, useI18n } from '../i18n';
import { displayValue } from '../records';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';
import { RecordForm } from '../components/RecordForm';

export interface RegistersScreenProps {
  session: SessionView;
  onLocked: () => void;
  /** The register to show first (the browser mock's `&tab=`); default the staff register. */
  initialTab?: string;
}

/** Long texts (minutes, attendees) show under the row, not as columns. */
const inTable = (f: FieldView) => f.type !== 'long_text';

export function RegistersScreen({ session, onLocked, initialTab }: RegistersScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [kinds, setKinds] = useState<RegisterKindView[] | null>(null);
  const [active, setActive] = useState<string>(initialTab ?? 'staff');
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    backend.registerKinds().then(
      (list) => {
        setKinds(list);
        if (list.length > 0 && !list.some((k) => k.kind.name === active)) setActive(list[0].kind.name);
      },
      (reason) => {
        const e = normaliseError(reason);
        if (e.code === 'locked') onLocked();
        else setError(e);
      },
    );
    // Read once per visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend]);

  return (
    <div className="dash-page" data-testid="registers">
      <AppHeader title={t.registersTitle} session={session} onLocked={onLocked} />
      <main className="reg-main">
        <div className="dash-head">
          <h1 className="dash-title">
            <BookOutlined aria-hidden /> {t.registersTitle}
          </h1>
          <span className="muted">{t.registersIntro}</span>
        </div>
        {error ? (
          <ErrorAlert error={error} testId="registers-error" />
        ) : !kinds ? (
          <Spin />
        ) : (
          <Tabs
            activeKey={active}
            onChange={setActive}
            destroyOnHidden
            items={kinds.map((k) => ({
              key: k.kind.name,
              label: <span data-testid={`register-tab-${k.kind.name}`}>{pick(lang, k.kind)}</span>,
              children: <RegisterPane register={k} onLocked={onLocked} />,
            }))}
          />
        )}
      </main>
    </div>
  );
}

function RegisterPane({ register, onLocked }: { register: RegisterKindView; onLocked: () => void }) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const kind = register.kind;
  const [entries, setEntries] = useState<RegisterEntryView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [query, setQuery] = useState('');
  const [form, setForm] = useState<{ entry: RegisterEntryView | null } | null>(null);

  const load = useCallback(() => {
    setError(null);
    backend.registerList(kind.name).then(setEntries, (reason) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    });
  }, [backend, kind.name, onLocked]);
  useEffect(load, [load]);

  const shown = useMemo(() => {
    if (!entries) return [];
    const q = query.trim().toLowerCase();
    if (!q) return entries;
    return entries.filter((e) =>
      kind.fields.some((f) =>
        displayValue(f, e.data[f.name], lang, t).toLowerCase().includes(q),
      ) || e.jurisdiction_name.includes(q),
    );
  }, [entries, query, kind.fields, lang, t]);

  const remove = async (entry: RegisterEntryView) => {
    try {
      await backend.registerDelete(entry.id);
      void message.success(t.deleted);
      load();
    } catch (reason) {
      setError(normaliseError(reason));
    }
  };

  const longFields = kind.fields.filter((f) => !inTable(f));
  const columns: ColumnsType<RegisterEntryView> = [
    ...kind.fields.filter(inTable).map((f) => ({
      key: f.name,
      title: pick(lang, f),
      dataIndex: ['data', f.name],
      render: (_: unknown, e: RegisterEntryView) => {
        const text = displayValue(f, e.data[f.name], lang, t);
        return f.type === 'date' ? <span className="mono">{text}</span> : text;
      },
      sorter:
        f.type === 'date'
          ? (a: RegisterEntryView, b: RegisterEntryView) =>
              String(a.data[f.name] ?? '').localeCompare(String(b.data[f.name] ?? ''))
          : undefined,
    })),
    // Long texts (attendees, topics, minutes) in one shortened column; the row opens for all.
    ...(longFields.length > 0
      ? [
          {
            key: 'details',
            title: t.registerDetails,
            render: (_: unknown, e: RegisterEntryView) => {
              const text = longFields
                .filter((f) => e.data[f.name] !== undefined)
                .map((f) => `${pick(lang, f)}：${String(e.data[f.name])}`)
                .join('；');
              // The table scrolls sideways, so the cell is cut short here, not by the column.
              return (
                <span className="reg-details-cell" title={text}>
                  {text}
                </span>
              );
            },
          },
        ]
      : []),
    {
      key: 'keeper',
      title: t.registerKeeper,
      render: (_: unknown, e: RegisterEntryView) => e.jurisdiction_name,
    },
    {
      key: 'actions',
      title: t.registerActions,
      fixed: 'right' as const,
      render: (_: unknown, e: RegisterEntryView) =>
        e.may_edit ? (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setForm({ entry: e })}
              data-testid="register-edit"
            >
              {t.edit}
            </Button>
            <Popconfirm title={t.registerDeleteConfirm} onConfirm={() => remove(e)} okText={t.delete}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="register-delete">
                {t.delete}
              </Button>
            </Popconfirm>
          </Space>
        ) : (
          <Tag icon={<LockOutlined />}>{t.registerReadOnly}</Tag>
        ),
    },
  ];

  return (
    <section className="reg-pane" data-testid={`register-${kind.name}`}>
      <div className="reg-toolbar">
        <Input
          allowClear
          prefix={<SearchOutlined aria-hidden />}
          placeholder={t.registerSearch}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="reg-search"
          data-testid="register-search"
        />
        <span className="muted">
          {register.keeper === 'office' ? t.registerKeptByOffice : t.registerKeptBySite}
        </span>
        <span className="reg-spacer" />
        {entries && <span className="muted">{t.registerCount(shown.length)}</span>}
        {register.may_edit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setForm({ entry: null })}
            data-testid="register-add"
          >
            {t.addRecord(pick(lang, kind))}
          </Button>
        )}
      </div>
      {error && <ErrorAlert error={error} testId="register-error" />}
      {!entries && !error ? (
        <Spin />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t.registerEmpty} /> }}
          expandable={
            longFields.length > 0
              ? {
                  rowExpandable: (e) => longFields.some((f) => e.data[f.name] !== undefined),
                  // Words rather than a bare "+": what the row holds is not obvious.
                  expandIcon: ({ expanded, expandable, onExpand, record }) =>
                    expandable ? (
                      <Button
                        type="link"
                        size="small"
                        className="reg-expand"
                        aria-expanded={expanded}
                        onClick={(ev) => onExpand(record, ev)}
                        data-testid="register-expand"
                      >
                        {expanded ? t.registerCollapse : t.registerExpand}
                      </Button>
                    ) : null,
                  expandedRowRender: (e) => (
                    <dl className="reg-details" aria-label={t.registerDetails}>
                      {longFields
                        .filter((f) => e.data[f.name] !== undefined)
                        .map((f) => (
                          <div key={f.name}>
                            <dt>{pick(lang, f)}</dt>
                            <dd>{String(e.data[f.name])}</dd>
                          </div>
                        ))}
                    </dl>
                  ),
                }
              : undefined
          }
          onRow={(e) => ({ 'data-testid': 'register-row', 'data-id': e.id }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <RecordForm<RegisterEntryView>
        open={form !== null}
        kind={kind}
        record={form?.entry ?? null}
        spans={register.spans}
        submit={(data, id) =>
          id ? backend.registerEdit(id, data) : backend.registerAdd(kind.name, data)
        }
        onClose={() => setForm(null)}
        onSaved={() => {
          setForm(null);
          void message.success(t.saved);
          load();
        }}
      />
    </section>
  );
}
