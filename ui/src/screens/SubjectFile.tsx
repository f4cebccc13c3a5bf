import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Dropdown,
  Empty,
  Popconfirm,
  Progress,
  Segmented,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  ArrowLeftOutlined,
  BookOutlined,
  CameraOutlined,
  CheckCircleFilled,
  CloseCircleOutlined,
  CommentOutlined,
  DeleteOutlined,
  DownOutlined,
  EditOutlined,
  HomeOutlined,
  LoginOutlined,
  PlusOutlined,
  PrinterOutlined,
  UserOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type FieldView,
  type KindView,
  type RecordView,
  type SessionView,
  type SubjectFileView,
} from '../backend';
import {
  categoryLabel,
  keyReasonLabel,
  levelLabel,
  pick,
  sexLabel,
  statusLabel,
  useI18n,
  type Messages,
} from '../i18n';
import { displayValue, summarise } from '../records';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';
import { RecordForm } from '../components/RecordForm';
import { KeyOverrideModal } from '../components/KeyOverrideModal';
import { AttachmentLinks, rememberAttachment } from '../components/Attachments';
import { PrintFile } from '../components/PrintFile';
import { SubjectForm, type Village } from '../components/SubjectForm';
import { villagesOf } from '../roster';
import { LeavePane } from '../components/LeavePane';
import { ProposalPane } from '../components/ProposalPane';
import { AssessmentPane } from '../components/AssessmentPane';
import type { FileOpening } from '../due';
import type { FormValue } from '../records';

export interface SubjectFileScreenProps {
  session: SessionView;
  subjectId: string;
  onBack: () => void;
  onLocked: () => void;
  /** Open with a record form (and some values filled in) or on a tab, e.g. from a reminder. */
  opening?: FileOpening | null;
  /** Where the back button goes, for its words (default the roster). */
  backTo?: 'roster' | 'dashboard';
}

export const CATEGORY_COLOUR: Record<string, string> = {
  surveillance: 'gold',
  probation: 'blue',
  parole: 'green',
  temporary_outside: 'purple',
};

export const LEVEL_COLOUR: Record<string, string> = {
  strict: 'volcano',
  normal: 'geekblue',
  lenient: 'cyan',
};

/** The four daily kinds with a button of their own, and their shortcuts (Alt + key). */
const QUICK: Array<{ kind: string; testId: string; key: string; icon: ReactNode; label: (t: Messages) => string }> = [
  { kind: 'visit', testId: 'add-visit', key: 'V', icon: <HomeOutlined />, label: (t) => t.quickVisit },
  { kind: 'talk', testId: 'add-talk', key: 'T', icon: <CommentOutlined />, label: (t) => t.quickTalk },
  { kind: 'checkin', testId: 'add-checkin', key: 'C', icon: <LoginOutlined />, label: (t) => t.quickCheckin },
  { kind: 'education', testId: 'add-education', key: 'E', icon: <BookOutlined />, label: (t) => t.quickEducation },
];

/** Height of one tab in the file's tab list (styles.css: 7 px padding, 22 px line). */
const FILE_TAB_HEIGHT = 36;

/** The file body's least height in pixels: every tab shown, with the list's top padding. */
function fileBodyMinHeight(tabs: number): number {
  return tabs * FILE_TAB_HEIGHT + 16;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** An Ant popup (menu, confirm, picker) is open: Esc belongs to it. */
function popupOpen(): boolean {
  return (
    document.querySelector(
      '.ant-dropdown:not(.ant-dropdown-hidden), .ant-popover:not(.ant-popover-hidden), .ant-modal-wrap:not([style*="display: none"]), .ant-drawer-open',
    ) !== null
  );
}

type FormState = {
  kind: KindView;
  record: RecordView | null;
  values?: Record<string, FormValue>;
} | null;

export function SubjectFileScreen({
  session,
  subjectId,
  onBack,
  onLocked,
  opening,
  backTo = 'roster',
}: SubjectFileScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();

  const [kinds, setKinds] = useState<KindView[] | null>(null);
  const [file, setFile] = useState<SubjectFileView | null>(null);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
  const [form, setForm] = useState<FormState>(null);
  const [overrideOpen, setOverrideOpen] = useState(false);
  // The basic-information form, with the villages it may choose from (the roster's).
  const [basicEdit, setBasicEdit] = useState<Village[] | null>(null);
  const [printing, setPrinting] = useState(false);
  const [tab, setTab] = useState(() => (opening && 'tab' in opening ? opening.tab : 'basic'));
  const [actionError, setActionError] = useState<ErrorView | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const fail = useCallback(
    (reason: unknown, set: (e: ErrorView) => void) => {
      const error = normaliseError(reason);
      if (error.code === 'locked') onLocked();
      else set(error);
    },
    [onLocked],
  );

  const load = useCallback(() => {
    setLoadError(null);
    Promise.all([backend.kinds(), backend.subjectFile(subjectId)]).then(
      ([k, f]) => {
        if (!alive.current) return;
        setKinds(k);
        setFile(f);
      },
      (reason) => {
        if (alive.current) fail(reason, setLoadError);
      },
    );
  }, [backend, subjectId, fail]);

  useEffect(load, [load]);

  const reload = useCallback(() => {
    backend.subjectFile(subjectId).then(
      (f) => alive.current && setFile(f),
      (reason) => alive.current && fail(reason, setActionError),
    );
  }, [backend, subjectId, fail]);

  const kindByName = useMemo(() => new Map((kinds ?? []).map((k) => [k.name, k])), [kinds]);

  // Opened from a reminder with a form: open it once the kinds are known.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !kinds || !file || !opening || !('form' in opening)) return;
    opened.current = true;
    const kind = kinds.find((k) => k.name === opening.form);
    if (kind) setForm({ kind, record: null, values: opening.values });
  }, [kinds, file, opening]);
  const openAdd = useCallback(
    (name: string) => {
      const kind = kindByName.get(name);
      if (kind) setForm({ kind, record: null });
    },
    [kindByName],
  );

  // Esc goes back to the roster; Alt+V/T/C/E open the quick forms.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (form || overrideOpen || basicEdit || event.defaultPrevented) return;
      if (event.key === 'Escape' && !isTypingTarget(event.target) && !popupOpen()) {
        event.preventDefault();
        onBack();
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey && file) {
        const quick = QUICK.find((q) => event.code === `Key${q.key}`);
        if (quick) {
          event.preventDefault();
          openAdd(quick.kind);
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [form, overrideOpen, basicEdit, file, onBack, openAdd]);

  // The print layout is rendered, then printed; it goes away after printing (WebKitGTK may
  // return from print() before the dialog closes, so wait for afterprint).
  useEffect(() => {
    if (!printing) return;
    const done = () => setPrinting(false);
    window.addEventListener('afterprint', done);
    // Printing is in the audit log; a failure to record it is logged, not in the way.
    backend.subjectPrinted(subjectId).catch((reason) => console.error('print not recorded', normaliseError(reason)));
    const timer = window.setTimeout(() => {
      try {
        window.print();
      } catch {
        // jsdom has no print; the layout is still there to look at.
      }
    }, 50);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
    };
    // Once per printing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [printing]);

  const openBasicEdit = () => {
    backend.subjectList().then(
      (rows) => alive.current && setBasicEdit(villagesOf(rows)),
      () => alive.current && setBasicEdit([]),
    );
  };

  const removeRecord = async (record: RecordView) => {
    try {
      await backend.recordDelete(record.id);
      message.success(t.deleted);
      reload();
    } catch (reason) {
      fail(reason, setActionError);
    }
  };

  const back = (
    <Button
      className="file-back"
      icon={<ArrowLeftOutlined />}
      onClick={onBack}
      data-testid="file-back"
      title={backTo === 'dashboard' ? t.backToDashboardHint : t.backHint}
    >
      {backTo === 'dashboard' ? t.backToDashboard : t.back}
    </Button>
  );

  const header = (
    <AppHeader title={t.fileTitle} session={session} onLocked={onLocked} lead={back} />
  );

  if (!file || !kinds) {
    return (
      <div className="file-page" data-testid="subject-file">
        {header}
        <main className="file-main file-loading">
          {loadError ? (
            <ErrorAlert
              error={loadError}
              testId="file-error"
              action={
                <Button size="small" onClick={load}>
                  {t.retry}
                </Button>
              }
            />
          ) : (
            <Spin description={t.loadingFile} />
          )}
        </main>
      </div>
    );
  }

  const fileKinds = kinds.filter((k) => k.section === 'file');
  const dailyKinds = kinds.filter((k) => k.section === 'daily');
  const recordsOf = (kind: string) => file.records.filter((r) => r.kind === kind);
  const handlers: SectionHandlers = {
    onAdd: (kind) => setForm({ kind, record: null }),
    onEdit: (kind, record) => setForm({ kind, record }),
    onDelete: removeRecord,
  };

  const tabLabel = (testId: string, text: string, count?: number) => (
    <span data-testid={testId} className="file-tab-label">
      <span>{text}</span>
      {count !== undefined && count > 0 && <span className="file-tab-count">{count}</span>}
    </span>
  );

  const items = [
    { key: 'basic', label: tabLabel('tab-basic', t.tabBasic), children: <BasicTab file={file} onEdit={openBasicEdit} /> },
    ...fileKinds.map((kind) => ({
      key: kind.name,
      label: tabLabel(`tab-${kind.name}`, pick(lang, kind), recordsOf(kind.name).length),
      children: <SectionTab kind={kind} records={recordsOf(kind.name)} {...handlers} />,
    })),
    {
      key: 'daily',
      label: tabLabel(
        'tab-daily',
        t.tabDaily,
        file.records.filter((r) => kindByName.get(r.kind)?.section === 'daily').length,
      ),
      children: (
        <div className="daily-groups">
          {dailyKinds.map((kind) => (
            <SectionTab key={kind.name} kind={kind} records={recordsOf(kind.name)} grouped {...handlers} />
          ))}
        </div>
      ),
    },
    {
      key: 'leave',
      label: tabLabel('tab-leave', t.tabLeave),
      children: (
        <LeavePane
          session={session}
          subject={file.subject}
          onLocked={onLocked}
          onChanged={reload}
        />
      ),
    },
    {
      key: 'assessment',
      label: tabLabel('tab-assessment', t.tabAssessment),
      children: (
        <AssessmentPane session={session} subject={file.subject} onLocked={onLocked} onLevelChanged={reload} />
      ),
    },
    {
      key: 'proposals',
      label: tabLabel('tab-proposals', t.tabProposals),
      children: (
        <ProposalPane session={session} subject={file.subject} kinds={kinds} onLocked={onLocked} onDecided={reload} />
      ),
    },
    {
      key: 'timeline',
      label: tabLabel('tab-timeline', t.tabTimeline),
      children: (
        <TimelineTab
          file={file}
          kinds={kindByName}
          onOpen={(record) => {
            const kind = kindByName.get(record.kind);
            if (kind) setForm({ kind, record });
          }}
        />
      ),
    },
  ];

  const more = dailyKinds.filter((k) => !QUICK.some((q) => q.kind === k.name));

  return (
    <div className="file-page" data-testid="subject-file" data-subject-id={file.subject.id}>
      {header}
      <main className="file-main no-print">
        <FileHeader
          file={file}
          onOverride={() => setOverrideOpen(true)}
          onPhoto={setFile}
          onError={(reason) => fail(reason, setActionError)}
          actions={
            <>
              <div className="quick-bar" role="toolbar" aria-label={t.tabDaily}>
                {QUICK.filter((q) => kindByName.has(q.kind)).map((q) => (
                  <Tooltip key={q.kind} title={t.shortcutHint(`Alt+${q.key}`)}>
                    <Button
                      icon={q.icon}
                      onClick={() => openAdd(q.kind)}
                      data-testid={q.testId}
                      aria-keyshortcuts={`Alt+${q.key}`}
                    >
                      {q.label(t)}
                    </Button>
                  </Tooltip>
                ))}
                {more.length > 0 && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: more.map((k) => ({
                        key: k.name,
                        label: <span data-testid={`add-${k.name}`}>{pick(lang, k)}</span>,
                      })),
                      onClick: ({ key }) => openAdd(key),
                    }}
                  >
                    <Button data-testid="add-more" icon={<PlusOutlined />}>
                      {t.moreDaily} <DownOutlined />
                    </Button>
                  </Dropdown>
                )}
              </div>
              <Tooltip title={t.printTitle}>
                <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="file-print">
                  {t.print}
                </Button>
              </Tooltip>
            </>
          }
        />
        {actionError && (
          <div className="file-action-error">
            <ErrorAlert
              error={actionError}
              testId="file-action-error"
              action={
                <Button size="small" onClick={() => setActionError(null)}>
                  {t.ok}
                </Button>
              }
            />
          </div>
        )}
        {/* Tall enough for every tab: Ant folds those that do not fit behind "…", where
            the workflow tabs (外出, 考核, 奖惩与审批) and the timeline went out of sight on a
            laptop's 800-pixel screen. The file scrolls instead. */}
        <div className="file-body" data-testid="file-body" style={{ minHeight: fileBodyMinHeight(items.length) }}>
          <Tabs
            className="file-tabs"
            tabPlacement="start"
            activeKey={tab}
            onChange={setTab}
            items={items}
          />
        </div>
      </main>
      {printing && <PrintFile file={file} kinds={kinds} />}
      <RecordForm
        open={form !== null}
        kind={form?.kind ?? null}
        record={form?.record ?? null}
        initial={form?.values}
        subject={file.subject}
        onClose={() => setForm(null)}
        onSaved={() => {
          // Show where a new record went: its section, or the daily records.
          if (form && !form.record && tab !== 'timeline') {
            setTab(form.kind.section === 'daily' ? 'daily' : form.kind.name);
          }
          setForm(null);
          message.success(t.saved);
          reload();
        }}
      />
      <SubjectForm
        open={basicEdit !== null}
        file={file}
        villages={basicEdit ?? []}
        onClose={() => setBasicEdit(null)}
        onSaved={(updated) => {
          setBasicEdit(null);
          setFile(updated);
          message.success(t.saved);
        }}
      />
      <KeyOverrideModal
        open={overrideOpen}
        file={file}
        onClose={() => setOverrideOpen(false)}
        onSaved={(updated) => {
          setOverrideOpen(false);
          setFile(updated);
          message.success(t.saved);
        }}
      />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Header

function FileHeader({
  file,
  actions,
  onOverride,
  onPhoto,
  onError,
}: {
  file: SubjectFileView;
  actions: ReactNode;
  onOverride: () => void;
  onPhoto: (file: SubjectFileView) => void;
  onError: (reason: unknown) => void;
}) {
  const { lang, t } = useI18n();
  const { subject: s, facts } = file;
  const total = facts.days_served + facts.days_remaining;
  const percent = total > 0 ? Math.round((facts.days_served / total) * 100) : 0;
  const reasons = facts.key_reasons.map((r) => keyReasonLabel(lang, r)).join(lang === 'zh' ? '、' : ', ');
  const sep = <span className="meta-sep" aria-hidden>·</span>;
  const colon = lang === 'zh' ? '：' : ': ';

  return (
    <section className="file-header" aria-label={t.fileTitle}>
      <Photo file={file} onPhoto={onPhoto} onError={onError} />
      <div className="file-header-main">
        <div className="file-title-row">
          <h1 className="file-name" data-testid="file-name">
            {s.name}
          </h1>
          <Tag variant="filled" color={CATEGORY_COLOUR[s.category]}>
            {categoryLabel(lang, s.category)}
          </Tag>
          <Tag variant="filled" color={LEVEL_COLOUR[s.management_level]} data-testid="file-level">
            {levelLabel(lang, s.management_level)}
          </Tag>
          <Tag variant="outlined" data-testid="file-status">{statusLabel(lang, s.status)}</Tag>
          {facts.minor && (
            <Tag color="magenta" data-testid="file-minor" title={t.minorNotice}>
              {t.minorTag}
            </Tag>
          )}
        </div>
        <div className="file-meta">
          <span>
            {t.fileNo} <span className="mono">{s.file_no}</span>
          </span>
          {sep}
          <span>{sexLabel(lang, s.sex)}</span>
          {sep}
          <span>{t.age(facts.age)}</span>
          {sep}
          <span>{s.jurisdiction_name}</span>
          {s.crime && (
            <>
              {sep}
              <span>{s.crime}</span>
            </>
          )}
        </div>
        <div className="file-period">
          <span className="file-period-label">{t.periodLabel}</span>
          <span className="mono">
            {s.correction_start} {t.periodJoin} {s.correction_end}
          </span>
          <Progress
            className="file-progress"
            percent={percent}
            showInfo={false}
            size="small"
            aria-label={t.periodLabel}
          />
          <span className="file-days" data-testid="file-days">
            {t.daysServed(facts.days_served)}
            {sep}
            <strong>{t.daysRemaining(facts.days_remaining)}</strong>
          </span>
        </div>
        <div className="file-key" data-testid="file-key">
          {facts.key_subject ? (
            <Tag color="red" className="key-tag" data-testid="key-tag">
              {t.keySubject}
            </Tag>
          ) : (
            <Tag className="key-tag">{t.notKeySubject}</Tag>
          )}
          <span className="file-key-why">
            {facts.key_override !== null
              ? `${t.keyOverridden}${facts.key_override_reason ? `${colon}${facts.key_override_reason}` : ''}`
              : reasons
                ? `${t.keyBecause}${colon}${reasons}`
                : ''}
          </span>
          <Button size="small" type="link" onClick={onOverride} data-testid="key-override-open">
            {t.keyOverride}
          </Button>
        </div>
      </div>
      <div className="file-header-alerts">
        {facts.report_alert && (
          <Alert
            type={facts.report_alert === 'due' ? 'warning' : 'error'}
            showIcon
            data-testid="report-alert"
            title={
              facts.report_alert === 'overdue_30'
                ? t.reportAlertOverdue30
                : facts.report_alert === 'overdue_10'
                  ? t.reportAlertOverdue10
                  : t.reportAlertDue
            }
            description={facts.report_deadline ? t.reportDeadline(facts.report_deadline) : undefined}
          />
        )}
        {facts.minor && <Alert type="warning" showIcon title={t.minorNotice} className="minor-alert" />}
      </div>
      <div className="file-actions">{actions}</div>
    </section>
  );
}

function Photo({
  file,
  onPhoto,
  onError,
}: {
  file: SubjectFileView;
  onPhoto: (file: SubjectFileView) => void;
  onError: (reason: unknown) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sha = file.detail.photo;

  useEffect(() => {
    let live = true;
    setUrl(null);
    if (sha) backend.attachmentData(sha).then((u) => live && setUrl(u), () => live && setUrl(null));
    return () => {
      live = false;
    };
  }, [backend, sha]);

  const choose = async () => {
    setBusy(true);
    try {
      const picked = await backend.attachmentPick('photo');
      if (picked) {
        rememberAttachment(picked);
        onPhoto(await backend.subjectSetPhoto(file.subject.id, picked.sha256));
      }
    } catch (reason) {
      onError(reason);
    }
    setBusy(false);
  };

  return (
    <div className="file-photo-box">
      <div className="file-photo" data-testid="file-photo">
        {url ? (
          <img src={url} alt={file.subject.name} />
        ) : (
          <div className="file-photo-empty" aria-label={t.photoNone}>
            <UserOutlined />
          </div>
        )}
      </div>
      <Button
        size="small"
        type="link"
        icon={<CameraOutlined />}
        loading={busy}
        onClick={choose}
        data-testid="photo-choose"
        className="file-photo-button"
      >
        {sha ? t.photoChange : t.photoChoose}
      </Button>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Tabs

function BasicTab({ file, onEdit }: { file: SubjectFileView; onEdit: () => void }) {
  const { lang, t } = useI18n();
  const { subject: s, detail: d, facts } = file;
  const v = (x: string | null | undefined) => x || <span className="muted">—</span>;
  const items = [
    { key: 'name', label: t.basicName, children: s.name },
    { key: 'sex', label: t.basicSex, children: sexLabel(lang, s.sex) },
    { key: 'birth', label: t.basicBirth, children: <span className="mono">{s.birth_date}</span> },
    { key: 'age', label: t.basicAge, children: t.age(facts.age) },
    { key: 'ethnicity', label: t.basicEthnicity, children: s.ethnicity },
    { key: 'id', label: t.basicIdNumber, children: <span className="mono">{s.id_number}</span> },
    { key: 'phone', label: t.basicPhone, children: v(s.phone) },
    { key: 'education', label: t.basicEducation, children: v(d.education) },
    { key: 'marital', label: t.basicMarital, children: v(d.marital_status) },
    { key: 'village', label: t.basicVillage, children: s.jurisdiction_name },
    { key: 'household', label: t.basicHousehold, children: v(d.household_address), span: 2 },
    { key: 'residence', label: t.basicResidence, children: v(d.residence_address), span: 2 },
    { key: 'crime', label: t.basicCrime, children: v(s.crime) },
    { key: 'category', label: t.basicCategory, children: categoryLabel(lang, s.category) },
    { key: 'sentence', label: t.basicSentence, children: v(d.original_sentence), span: 2 },
    {
      key: 'period',
      label: t.basicPeriod,
      children: (
        <span className="mono">
          {s.correction_start} {t.periodJoin} {s.correction_end}
        </span>
      ),
    },
    { key: 'level', label: t.basicLevel, children: levelLabel(lang, s.management_level) },
    { key: 'judgment', label: t.basicJudgment, children: v(d.judgment_date) },
    { key: 'papers', label: t.basicPapers, children: v(d.papers_received) },
    { key: 'reported', label: t.basicReported, children: v(d.reported_on) },
    { key: 'status', label: t.basicStatus, children: statusLabel(lang, s.status) },
  ];
  return (
    <div className="tab-pane" data-testid="pane-basic">
      <div className="section-head">
        <h2 className="section-title">{t.tabBasic}</h2>
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid="basic-edit">
          {t.edit}
        </Button>
      </div>
      <Descriptions bordered size="small" column={2} items={items} className="file-descriptions" />
    </div>
  );
}

interface SectionHandlers {
  onAdd: (kind: KindView) => void;
  onEdit: (kind: KindView, record: RecordView) => void;
  onDelete: (record: RecordView) => void;
}

function FieldValue({ field, value }: { field: FieldView; value: string | number | boolean | undefined }) {
  const { lang, t } = useI18n();
  if (field.type === 'attachments') return <AttachmentLinks value={value} />;
  if (field.type === 'bool')
    return value === true ? (
      <span className="bool-yes">
        <CheckCircleFilled /> {t.yes}
      </span>
    ) : (
      <span className="bool-no">
        <CloseCircleOutlined /> {t.no}
      </span>
    );
  const shown = displayValue(field, value, lang, t);
  return shown ? <span className={field.type === 'long_text' ? 'long-text' : undefined}>{shown}</span> : <span className="muted">—</span>;
}

/** Description items for a record, two to a row; long texts take a whole row. */
function fieldItems(kind: KindView, record: RecordView, lang: 'zh' | 'en') {
  const items = kind.fields.map((f) => ({
    key: f.name,
    label: pick(lang, f),
    span: f.type === 'long_text' || f.type === 'attachments' ? 2 : 1,
    children: <FieldValue field={f} value={record.data[f.name]} />,
  }));
  // A half row left open before a whole-row item (or at the end) is stretched to fill it.
  let open = false;
  items.forEach((item, i) => {
    if (item.span === 2) {
      if (open) items[i - 1].span = 2;
      open = false;
    } else {
      open = !open;
    }
  });
  if (open) items[items.length - 1].span = 2;
  return items;
}

function SectionTab({
  kind,
  records,
  grouped,
  onAdd,
  onEdit,
  onDelete,
}: { kind: KindView; records: RecordView[]; grouped?: boolean } & SectionHandlers) {
  const { lang, t } = useI18n();
  const title = pick(lang, kind);
  const sorted = useMemo(
    () => [...records].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '')),
    [records],
  );

  const head = (
    <div className="section-head">
      <h2 className="section-title">
        {title}
        {grouped && <span className="section-count">{t.dailyCount(records.length)}</span>}
      </h2>
      {!(kind.singular && records.length > 0) && (
        <Button
          size={grouped ? 'small' : 'middle'}
          icon={<PlusOutlined />}
          onClick={() => onAdd(kind)}
          data-testid={`section-add-${kind.name}`}
        >
          {grouped ? t.add : t.addRecord(title)}
        </Button>
      )}
    </div>
  );

  if (kind.singular) {
    const record = records[0];
    return (
      <div className="tab-pane" data-testid={`pane-${kind.name}`}>
        {head}
        {record ? (
          <>
            <Descriptions
              bordered
              size="small"
              column={2}
              className="file-descriptions"
              items={fieldItems(kind, record, lang)}
            />
            <div className="singular-actions">
              <Button icon={<EditOutlined />} onClick={() => onEdit(kind, record)} data-testid={`edit-${kind.name}`}>
                {t.edit}
              </Button>
              {record.author && <span className="muted">{t.recordBy(record.author)}</span>}
            </div>
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.notRecorded} />
        )}
      </div>
    );
  }

  const actions = (r: RecordView) => (
    <span className="row-actions">
      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => onEdit(kind, r)}>
        {t.edit}
      </Button>
      <Popconfirm
        title={t.deleteConfirm}
        okText={t.delete}
        cancelText={t.cancel}
        okButtonProps={{ danger: true }}
        onConfirm={() => onDelete(r)}
      >
        <Button size="small" type="link" danger icon={<DeleteOutlined />}>
          {t.delete}
        </Button>
      </Popconfirm>
    </span>
  );

  const columns: ColumnsType<RecordView> = [
    ...kind.fields.map((f) => ({
      key: f.name,
      title: pick(lang, f),
      width:
        f.type === 'date' ? 118 : f.type === 'time' ? 80 : f.type === 'bool' ? 80 : f.type === 'number' ? 90 : undefined,
      ellipsis: f.type === 'long_text' && grouped ? { showTitle: true } : undefined,
      render: (_: unknown, r: RecordView) => <FieldValue field={f} value={r.data[f.name]} />,
    })),
    {
      key: 'actions',
      title: t.actions,
      width: lang === 'zh' ? 128 : 150,
      fixed: 'right' as const,
      render: (_: unknown, r: RecordView) => actions(r),
    },
  ];

  // Sections with long texts (plans, injunctions) read better as one card per record.
  if (!grouped && kind.fields.some((f) => f.type === 'long_text')) {
    return (
      <div className="tab-pane" data-testid={`pane-${kind.name}`}>
        {head}
        {sorted.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noRecords} />
        ) : (
          sorted.map((r) => (
            <div className="record-card" key={r.id}>
              <Descriptions
                bordered
                size="small"
                column={2}
                className="file-descriptions"
                items={fieldItems(kind, r, lang)}
              />
              <div className="record-card-actions">{actions(r)}</div>
            </div>
          ))
        )}
      </div>
    );
  }

  return (
    <div className={grouped ? 'daily-group' : 'tab-pane'} data-testid={`pane-${kind.name}`}>
      {head}
      {sorted.length === 0 && grouped ? (
        <div className="muted section-empty">{t.noRecords}</div>
      ) : (
        <Table<RecordView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={sorted}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noRecords} /> }}
          onRow={(r) => ({ onDoubleClick: () => onEdit(kind, r) })}
        />
      )}
    </div>
  );
}

function TimelineTab({
  file,
  kinds,
  onOpen,
}: {
  file: SubjectFileView;
  kinds: Map<string, KindView>;
  onOpen: (record: RecordView) => void;
}) {
  const { lang, t } = useI18n();
  const [show, setShow] = useState<'all' | 'daily' | 'file'>('all');
  // Newest first; records of one day keep the backend's order (newest first too).
  const dated = file.records
    .filter((r) => r.date)
    .filter((r) => show === 'all' || kinds.get(r.kind)?.section === show)
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return (
    <div className="tab-pane" data-testid="timeline">
      <div className="timeline-filter">
        <Segmented
          value={show}
          onChange={(v) => setShow(v as typeof show)}
          options={[
            { value: 'all', label: t.timelineAll },
            { value: 'daily', label: t.tabDaily },
            { value: 'file', label: t.timelineFile },
          ]}
        />
      </div>
      {dated.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.timelineEmpty} />
      ) : (
        <Timeline
          className="file-timeline"
          items={dated.map((r) => {
            const kind = kinds.get(r.kind);
            const daily = kind?.section === 'daily';
            return {
              key: r.id,
              color: r.kind === 'emergency' ? 'red' : daily ? 'blue' : 'gray',
              content: (
                <button
                  type="button"
                  className="timeline-entry"
                  data-testid="timeline-item"
                  data-kind={r.kind}
                  onClick={() => onOpen(r)}
                >
                  <span className="timeline-date mono">{r.date}</span>
                  <Tag variant="filled" color={daily ? 'blue' : undefined} className="timeline-kind">
                    {kind ? pick(lang, kind) : r.kind}
                  </Tag>
                  <span className="timeline-summary">{kind ? summarise(kind, r, lang, t) : ''}</span>
                  {r.author && <span className="timeline-author muted">{r.author}</span>}
                </button>
              ),
            };
          })}
        />
      )}
    </div>
  );
}
