import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type HTMLAttributes,
} from 'react';
import { Button, Empty, Input, Table, Tag, Typography, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  EnvironmentOutlined,
  LockOutlined,
  SearchOutlined,
  UserOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type SessionView,
  type SubjectRow,
} from '../backend';
import { categoryLabel, roleLabel, sexLabel, useI18n } from '../i18n';
import { filterRoster, sortRoster } from '../roster';
import { ErrorAlert } from '../components/ErrorAlert';
import { LangSwitch } from '../components/LangSwitch';

export interface RosterScreenProps {
  session: SessionView;
  onLocked: () => void;
}

const CATEGORY_COLOUR: Record<string, string> = {
  surveillance: 'gold',
  probation: 'blue',
  parole: 'green',
  temporary_outside: 'purple',
};

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Height available to the table body: the box it sits in, less the table's own header. */
function useTableBodyHeight() {
  const boxRef = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<number | undefined>(undefined);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => {
      const header = box.querySelector<HTMLElement>('.ant-table-thead');
      const headerHeight = header?.offsetHeight || 46;
      const available = box.clientHeight - headerHeight - 2;
      // jsdom and a hidden window report 0; leave the table unconstrained then.
      setHeight(available > 120 ? available : undefined);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  return { boxRef, height };
}

export function RosterScreen({ session, onLocked }: RosterScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();

  const [rows, setRows] = useState<SubjectRow[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
  const [query, setQuery] = useState('');
  const [locking, setLocking] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const alive = useRef(true);
  const { boxRef, height } = useTableBodyHeight();

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback(() => {
    setLoadError(null);
    setRows(null);
    backend.subjectList().then(
      (list) => {
        if (alive.current) setRows(sortRoster(list));
      },
      (reason) => {
        if (!alive.current) return;
        const error = normaliseError(reason);
        // The session is gone (locked elsewhere, or the app restarted its side): unlock again.
        if (error.code === 'locked') onLocked();
        else setLoadError(error);
      },
    );
  }, [backend, onLocked]);

  useEffect(load, [load]);

  // "/" (when not typing somewhere) and Ctrl+F jump to the search box.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const ctrlF =
        (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f';
      const slash =
        event.key === '/' &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey &&
        !isTypingTarget(event.target);
      if (ctrlF || slash) {
        event.preventDefault();
        searchRef.current?.focus({ cursor: 'all' });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const visible = useMemo(() => (rows ? filterRoster(rows, query) : []), [rows, query]);

  const lock = async () => {
    setLocking(true);
    try {
      await backend.lock();
    } catch (reason) {
      // The screen goes back to unlocking either way; the next unlock replaces the session.
      console.error('lock failed', normaliseError(reason));
    }
    if (alive.current) onLocked();
  };

  const columns: ColumnsType<SubjectRow> = useMemo(
    () => [
      {
        key: 'name',
        title: t.colName,
        dataIndex: 'name',
        width: 120,
        render: (name: string) => <span className="cell-name">{name}</span>,
      },
      {
        key: 'sex',
        title: t.colSex,
        dataIndex: 'sex',
        width: lang === 'zh' ? 72 : 90,
        render: (sex: string) => sexLabel(lang, sex),
      },
      {
        key: 'id_number',
        title: t.colIdNumber,
        dataIndex: 'id_number',
        width: 200,
        render: (id: string) => <span className="cell-id">{id}</span>,
      },
      {
        key: 'category',
        title: t.colCategory,
        dataIndex: 'category',
        width: lang === 'zh' ? 130 : 190,
        render: (category: string) => (
          <Tag variant="filled" color={CATEGORY_COLOUR[category]} className="cell-tag">
            {categoryLabel(lang, category)}
          </Tag>
        ),
      },
      {
        key: 'period',
        title: t.colPeriod,
        width: lang === 'zh' ? 230 : 240,
        render: (_: unknown, row: SubjectRow) => (
          <span className="cell-period">
            {row.correction_start} {t.periodJoin} {row.correction_end}
          </span>
        ),
      },
      {
        key: 'village',
        title: t.colVillage,
        dataIndex: 'jurisdiction_name',
        render: (village: string) => <span className="cell-village">{village}</span>,
      },
    ],
    [lang, t],
  );

  const trimmed = query.trim();
  const emptyText =
    rows && rows.length > 0 && trimmed !== '' ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.emptySearch(trimmed)}>
        <Button onClick={() => setQuery('')}>{t.clearSearch}</Button>
      </Empty>
    ) : (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={rows ? t.emptyRoster : t.loadingRoster}
      />
    );

  return (
    <div className="roster-page">
      <header className="app-header">
        <div className="app-header-brand">
          <span className="brand-name">Dossier</span>
          <span className="app-header-sep" aria-hidden />
          <span className="app-header-title">{t.roster}</span>
        </div>
        <div className="app-header-who">
          <span className="who-item" title={t.site}>
            <EnvironmentOutlined aria-hidden />
            <span data-testid="session-site">{session.jurisdiction_name}</span>
          </span>
          <span className="who-item" title={`${t.signedIn}: ${roleLabel(lang, session.role)}`}>
            <UserOutlined aria-hidden />
            <span data-testid="session-officer">{session.officer_name}</span>
          </span>
        </div>
        <div className="app-header-actions">
          <LangSwitch />
          <Button
            icon={<LockOutlined />}
            onClick={lock}
            loading={locking}
            data-testid="lock-button"
            title={t.lockTitle}
          >
            {t.lock}
          </Button>
        </div>
      </header>

      <main className="roster-main">
        <div className="roster-toolbar">
          <Input
            ref={searchRef}
            className="roster-search"
            size="large"
            allowClear
            prefix={<SearchOutlined aria-hidden className="search-icon" />}
            placeholder={t.searchPlaceholder}
            aria-label={t.searchPlaceholder}
            title={t.searchShortcut}
            data-testid="roster-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query !== '') {
                e.preventDefault();
                setQuery('');
              }
            }}
          />
          <Typography.Text className="roster-count" data-testid="roster-count" aria-live="polite">
            {rows ? t.count(visible.length) : ''}
          </Typography.Text>
        </div>

        {loadError && (
          <ErrorAlert
            error={loadError}
            testId="roster-error"
            action={
              <Button size="small" onClick={load}>
                {t.retry}
              </Button>
            }
          />
        )}

        <div className="roster-table-box" ref={boxRef}>
          <Table<SubjectRow>
            data-testid="roster-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={visible}
            loading={!rows && !loadError}
            pagination={false}
            scroll={height ? { y: height } : undefined}
            sticky={!height}
            locale={{ emptyText }}
            onRow={(row) =>
              ({
                'data-testid': 'roster-row',
                'data-subject-id': row.id,
              }) as HTMLAttributes<HTMLElement>
            }
          />
        </div>
      </main>
    </div>
  );
}
