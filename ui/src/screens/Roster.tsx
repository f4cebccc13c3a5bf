import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type HTMLAttributes,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { App as AntApp, Button, Empty, Input, Select, Table, Tag, Typography, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type SearchHit,
  type SessionView,
  type SubjectRow,
} from '../backend';
import {
  CATEGORY_CODES,
  LEVEL_CODES,
  STATUS_CODES,
  categoryLabel,
  levelLabel,
  matchedLabel,
  sexLabel,
  statusLabel,
  useI18n,
} from '../i18n';
import {
  applyFilters,
  filterRoster,
  hasFilters,
  sortRoster,
  villagesOf,
  type RosterFilters,
} from '../roster';
import { ErrorAlert } from '../components/ErrorAlert';
import { todayIso } from '../dates';
import { ageOn } from '../idnumber';
import { AppHeader } from '../components/AppHeader';
import { SubjectForm } from '../components/SubjectForm';
import { CATEGORY_COLOUR, LEVEL_COLOUR } from './SubjectFile';

/** What the roster shows, kept by the app while a file is open so coming back restores it. */
export interface RosterView {
  query: string;
  filters: RosterFilters;
}

export const EMPTY_ROSTER_VIEW: RosterView = { query: '', filters: {} };

export interface RosterScreenProps {
  session: SessionView;
  onLocked: () => void;
  onOpen?: (subjectId: string) => void;
  view?: RosterView;
  onViewChange?: (view: RosterView) => void;
  /** The row to focus once the roster is shown (the file the user came back from). */
  focusSubjectId?: string;
}

const SEARCH_DELAY_MS = 150;

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

export function RosterScreen({
  session,
  onLocked,
  onOpen,
  view: controlledView,
  onViewChange,
  focusSubjectId,
}: RosterScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [adding, setAdding] = useState(false);

  const [rows, setRows] = useState<SubjectRow[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
  const [sealedCount, setSealedCount] = useState(0);
  const [ownView, setOwnView] = useState<RosterView>(controlledView ?? EMPTY_ROSTER_VIEW);
  const view = controlledView ?? ownView;
  const setView = useCallback(
    (next: RosterView) => {
      setOwnView(next);
      onViewChange?.(next);
    },
    [onViewChange],
  );
  const { query, filters } = view;
  const setQuery = (q: string) => setView({ ...view, query: q });
  const setFilter = (key: keyof RosterFilters, value: string | undefined) =>
    setView({ ...view, filters: { ...filters, [key]: value } });

  // Results of backend.search for `query`, or null while asking / when it failed.
  const [hits, setHits] = useState<{ query: string; list: SearchHit[] } | null>(null);
  const [searchFailed, setSearchFailed] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const alive = useRef(true);
  const asked = useRef(0);
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

  // Files sealed from this officer are not listed; the roster says they exist. A failure
  // here hides only that line: the list itself says what went wrong.
  useEffect(() => {
    backend.sealedCount().then(
      (n) => {
        if (alive.current) setSealedCount(n);
      },
      () => {},
    );
  }, [backend]);

  // Search as you type: name, pinyin, initials, ID and file numbers on the Rust side.
  const trimmed = query.trim();
  useEffect(() => {
    if (trimmed === '') {
      setHits(null);
      return;
    }
    const ticket = ++asked.current;
    const timer = window.setTimeout(() => {
      backend.search(trimmed).then(
        (list) => {
          if (!alive.current || ticket !== asked.current) return;
          setSearchFailed(false);
          setHits({ query: trimmed, list });
        },
        (reason) => {
          if (!alive.current || ticket !== asked.current) return;
          const error = normaliseError(reason);
          if (error.code === 'locked') onLocked();
          // Without the index, the plain filter below still finds names and numbers.
          else setSearchFailed(true);
        },
      );
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [backend, trimmed, onLocked]);

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

  const { visible, matched } = useMemo(() => {
    const matched = new Map<string, string>();
    if (!rows) return { visible: [], matched };
    let found: SubjectRow[];
    if (trimmed === '') {
      found = rows;
    } else if (hits && hits.query === trimmed && !searchFailed) {
      // The index's hits in its order, then villages (the index does not cover them).
      const byId = new Map(rows.map((r) => [r.id, r]));
      found = [];
      for (const hit of hits.list) {
        const row = byId.get(hit.subject.id) ?? hit.subject;
        if (matched.has(row.id)) continue;
        matched.set(row.id, hit.matched);
        found.push(row);
      }
      const q = trimmed.toLowerCase();
      for (const row of rows) {
        if (!matched.has(row.id) && row.jurisdiction_name.toLowerCase().includes(q)) {
          matched.set(row.id, 'village');
          found.push(row);
        }
      }
    } else {
      // Until the index answers (or when it cannot), a plain filter.
      found = filterRoster(rows, trimmed);
    }
    return { visible: applyFilters(found, filters), matched };
  }, [rows, trimmed, hits, searchFailed, filters]);

  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || !focusSubjectId || !rows) return;
    const row = boxRef.current?.querySelector<HTMLElement>(
      `[data-testid=roster-row][data-subject-id="${focusSubjectId}"]`,
    );
    if (row) {
      focused.current = true;
      row.focus();
    }
  }, [focusSubjectId, rows, visible, boxRef]);

  const villages = useMemo(() => villagesOf(rows ?? []), [rows]);
  // A new subject belongs to a village of the roster (or the worker's own village).
  const formVillages = useMemo(() => {
    const own = session.jurisdiction.length === 12 && !villages.some((v) => v.code === session.jurisdiction);
    return own ? [...villages, { code: session.jurisdiction, name: session.jurisdiction_name }] : villages;
  }, [villages, session]);
  const filtered = hasFilters(filters);

  const open = useCallback((row: SubjectRow) => onOpen?.(row.id), [onOpen]);

  const onRowKeyDown = (event: ReactKeyboardEvent<HTMLElement>, row: SubjectRow) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      open(row);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const sibling =
        event.key === 'ArrowDown'
          ? event.currentTarget.nextElementSibling
          : event.currentTarget.previousElementSibling;
      if (sibling instanceof HTMLElement && sibling.dataset.testid === 'roster-row') sibling.focus();
    }
  };

  const columns: ColumnsType<SubjectRow> = useMemo(
    () => [
      {
        key: 'name',
        title: t.colName,
        dataIndex: 'name',
        width: lang === 'zh' ? 178 : 200,
        render: (name: string, row: SubjectRow) => (
          <span className="cell-name-box">
            <span className="cell-name">{name}</span>
            {ageOn(row.birth_date, todayIso()) < 18 && (
              <Tag color="magenta" className="cell-key" data-testid="minor-tag" title={t.minorNotice}>
                {t.minorTag}
              </Tag>
            )}
            {row.key_subject && (
              <Tag color="red" className="cell-key" data-testid="key-tag">
                {t.keyTag}
              </Tag>
            )}
            {matched.has(row.id) && (
              <Tag className="cell-matched" data-testid="matched-tag" title={t.matchedBy}>
                {matchedLabel(lang, matched.get(row.id)!)}
              </Tag>
            )}
          </span>
        ),
      },
      {
        key: 'sex',
        title: t.colSex,
        dataIndex: 'sex',
        width: lang === 'zh' ? 64 : 82,
        render: (sex: string) => sexLabel(lang, sex),
      },
      {
        key: 'id_number',
        title: t.colIdNumber,
        dataIndex: 'id_number',
        width: 192,
        render: (id: string) => <span className="cell-id">{id}</span>,
      },
      {
        key: 'category',
        title: t.colCategory,
        dataIndex: 'category',
        width: lang === 'zh' ? 124 : 180,
        render: (category: string) => (
          <Tag variant="filled" color={CATEGORY_COLOUR[category]} className="cell-tag">
            {categoryLabel(lang, category)}
          </Tag>
        ),
      },
      {
        key: 'level',
        title: t.colLevel,
        dataIndex: 'management_level',
        width: lang === 'zh' ? 92 : 96,
        render: (level: string) => (
          <Tag variant="outlined" color={LEVEL_COLOUR[level]} className="cell-tag">
            {levelLabel(lang, level)}
          </Tag>
        ),
      },
      {
        key: 'period',
        title: t.colPeriod,
        width: lang === 'zh' ? 214 : 226,
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
      {
        key: 'status',
        title: t.colStatus,
        dataIndex: 'status',
        width: lang === 'zh' ? 84 : 130,
        render: (status: string) => (
          <span className={`cell-status status-${status}`}>{statusLabel(lang, status)}</span>
        ),
      },
    ],
    [lang, t, matched],
  );

  const emptyText =
    rows && rows.length > 0 && (trimmed !== '' || filtered) ? (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={trimmed !== '' ? t.emptySearch(trimmed) : t.emptyRoster}
      >
        {trimmed !== '' && <Button onClick={() => setQuery('')}>{t.clearSearch}</Button>}{' '}
        {filtered && <Button onClick={() => setView({ ...view, filters: {} })}>{t.clearFilters}</Button>}
      </Empty>
    ) : (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={rows ? t.emptyRoster : t.loadingRoster}
      />
    );

  const filterSelect = (
    key: keyof RosterFilters,
    label: string,
    options: Array<{ value: string; label: string }>,
    width: number,
  ) => (
    <Select
      className="roster-filter"
      data-testid={`filter-${key}`}
      aria-label={label}
      placeholder={label}
      allowClear
      value={filters[key]}
      style={{ width }}
      options={options}
      onChange={(value) => setFilter(key, value as string | undefined)}
      popupMatchSelectWidth={false}
    />
  );

  return (
    <div className="roster-page">
      <AppHeader title={t.roster} session={session} onLocked={onLocked} />

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
              } else if (e.key === 'ArrowDown' || (e.key === 'Enter' && visible.length === 1)) {
                // Down goes into the list; Enter opens the only match.
                e.preventDefault();
                if (e.key === 'Enter') open(visible[0]);
                else boxRef.current?.querySelector<HTMLElement>('[data-testid=roster-row]')?.focus();
              }
            }}
          />
          <div className="roster-filters" role="group" aria-label={t.filterAll}>
          {filterSelect(
            'village',
            t.filterVillage,
            villages.map((v) => ({ value: v.code, label: v.name })),
            lang === 'zh' ? 168 : 160,
          )}
          {filterSelect(
            'category',
            t.filterCategory,
            CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(lang, c) })),
            lang === 'zh' ? 140 : 210,
          )}
          {filterSelect(
            'level',
            t.filterLevel,
            LEVEL_CODES.map((c) => ({ value: c, label: levelLabel(lang, c) })),
            lang === 'zh' ? 120 : 190,
          )}
          {filterSelect(
            'status',
            t.filterStatus,
            STATUS_CODES.map((c) => ({ value: c, label: statusLabel(lang, c) })),
            lang === 'zh' ? 112 : 160,
          )}
          {filterSelect(
            'key',
            t.filterKey,
            [
              { value: 'yes', label: t.filterKeyYes },
              { value: 'no', label: t.filterKeyNo },
            ],
            lang === 'zh' ? 130 : 170,
          )}
          {filtered && (
            <Button type="link" onClick={() => setView({ ...view, filters: {} })} data-testid="filters-clear">
              {t.clearFilters}
            </Button>
          )}
          </div>
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="subject-new"
            className="roster-new"
          >
            {t.sfNew}
          </Button>
          <span className="roster-status">
            <span className="roster-hint muted">{t.openFileHint}</span>
            <Typography.Text className="roster-count" data-testid="roster-count" aria-live="polite">
              {rows ? t.count(visible.length) : ''}
            </Typography.Text>
            {sealedCount > 0 && (
              <Typography.Text type="secondary" className="roster-sealed" data-testid="roster-sealed" title={t.sealedWhy}>
                {t.sealedCount(sealedCount)}
              </Typography.Text>
            )}
          </span>
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
            rowClassName="roster-row"
            onRow={(row) =>
              ({
                'data-testid': 'roster-row',
                'data-subject-id': row.id,
                tabIndex: 0,
                onClick: () => open(row),
                onKeyDown: (e: ReactKeyboardEvent<HTMLElement>) => onRowKeyDown(e, row),
              }) as HTMLAttributes<HTMLElement>
            }
          />
        </div>
      </main>
      <SubjectForm
        open={adding}
        villages={formVillages}
        onClose={() => setAdding(false)}
        onSaved={(file) => {
          setAdding(false);
          message.success(t.sfAdded);
          if (onOpen) onOpen(file.subject.id);
          else load();
        }}
        onOpenExisting={(id) => {
          setAdding(false);
          onOpen?.(id);
        }}
      />
    </div>
  );
}
