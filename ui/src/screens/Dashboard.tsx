import { useEffect, useMemo, useState } from 'react';
import { Button, Empty, Spin, Tag } from 'antd';
import {
  CalendarOutlined,
  CheckCircleOutlined,
  ExclamationCircleFilled,
  FolderOpenOutlined,
  FormOutlined,
  ReloadOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type DueItemView,
  type DueView,
  type ErrorView,
  type LeaveView,
  type ProposalView,
  type SessionView,
} from '../backend';
import { daysBetween } from '../dates';
import { countByVillage, dueAction, dueGroup, dueNoteText, groupDue, type DueGroup, type FileOpening } from '../due';
import { canDecide } from '../leave';
import { approverLabel, dueActionLabel, dueKindLabel, matterLabel, useI18n, type Messages } from '../i18n';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';
import { DashboardCharts } from './DashboardCharts';

export interface DashboardScreenProps {
  session: SessionView;
  onLocked: () => void;
  /** The reminders (App reads them, for the header's badge too); null while reading. */
  due: DueView | null;
  error: ErrorView | null;
  onReload: () => void;
  onOpen: (subjectId: string, opening: FileOpening | null) => void;
}

const GROUP_TITLE: Record<DueGroup, (t: Messages) => string> = {
  overdue: (t) => t.dueGroupOverdue,
  today: (t) => t.dueGroupToday,
  week: (t) => t.dueGroupWeek,
  later: (t) => t.dueGroupLater,
};

/** 待办提醒: what is due or overdue today and this week, one click from settling it. */
export function DashboardScreen({ session, onLocked, due, error, onReload, onOpen }: DashboardScreenProps) {
  const { t } = useI18n();
  const [village, setVillage] = useState<string | null>(null);

  const today = due?.today ?? '';
  const shown = useMemo(
    () => (due ? due.items.filter((i) => village === null || i.jurisdiction === village) : []),
    [due, village],
  );
  const groups = useMemo(() => groupDue(shown, today), [shown, today]);
  const proposals = useOpenProposals(due, onLocked);
  const villages = useMemo(() => {
    if (!due) return [];
    // The backend's counts; villages with nothing due are left out.
    const list = due.villages.length > 0 ? due.villages : countByVillage(due.items, today);
    return list.filter((v) => v.overdue + v.due > 0);
  }, [due, today]);
  const nearCount = groups.overdue.length + groups.today.length + groups.week.length;
  const allCount = due ? due.items.filter((i) => dueGroup(i, today) !== 'later').length : '';

  return (
    <div className="dash-page" data-testid="dashboard">
      <AppHeader title={t.dashboardTitle} session={session} onLocked={onLocked} />
      <main className="dash-main">
        <section className="dash-list" aria-label={t.dashboardTitle}>
          <div className="dash-head">
            <h1 className="dash-title">
              <CalendarOutlined aria-hidden /> {due ? t.dueAsOf(due.today) : t.dashboardTitle}
            </h1>
            <Button icon={<ReloadOutlined />} onClick={onReload} data-testid="due-reload">
              {t.refresh}
            </Button>
          </div>
          {error ? (
            <ErrorAlert
              error={error}
              testId="due-error"
              action={
                <Button size="small" onClick={onReload}>
                  {t.retry}
                </Button>
              }
            />
          ) : !due ? (
            <div className="dash-loading">
              <Spin description={t.loadingDue} />
            </div>
          ) : nearCount === 0 ? (
            <div className="dash-empty" data-testid="due-empty">
              <CheckCircleOutlined className="dash-empty-icon" aria-hidden />
              <div className="dash-empty-title">{village ? t.dueEmptyVillage : t.dueEmpty}</div>
              <div className="muted">{t.dueEmptyHint}</div>
            </div>
          ) : (
            (['overdue', 'today', 'week'] as const).map((g) =>
              groups[g].length === 0 ? null : (
                <div className={`dash-group dash-group-${g}`} key={g} data-testid={`due-group-${g}`}>
                  <h2 className="dash-group-title">
                    {g === 'overdue' && <ExclamationCircleFilled aria-hidden />}
                    {GROUP_TITLE[g](t)}
                    <span className="dash-group-count">{t.dueCountLine(groups[g].length)}</span>
                  </h2>
                  <ul className="dash-items">
                    {groups[g].map((item) => (
                      <DueRow
                        key={`${item.subject_id}:${item.kind}:${item.due}:${item.note ?? ''}`}
                        item={item}
                        today={today}
                        onOpen={onOpen}
                        proposal={item.kind === 'decision_pending' ? proposals.get(item.note ?? '') : undefined}
                      />
                    ))}
                  </ul>
                </div>
              ),
            )
          )}
        </section>
        <aside className="dash-side">
          {/* First: the office decides these, and below a long list of villages they were out of sight. */}
          <PendingLeaves session={session} onLocked={onLocked} onOpen={onOpen} />
          <section className="dash-card" aria-label={t.dueVillages}>
            <h2 className="dash-card-title">{t.dueVillages}</h2>
            <div className="dash-villages" role="group" aria-label={t.dueVillages}>
              <button
                type="button"
                className={`dash-village${village === null ? ' is-active' : ''}`}
                aria-pressed={village === null}
                onClick={() => setVillage(null)}
                data-testid="due-village-all"
              >
                <span className="dash-village-name">{t.dueAllVillages}</span>
                <span className="dash-village-count">{allCount}</span>
              </button>
              {villages.map((v) => (
                <button
                  type="button"
                  key={v.jurisdiction}
                  className={`dash-village${village === v.jurisdiction ? ' is-active' : ''}`}
                  aria-pressed={village === v.jurisdiction}
                  onClick={() => setVillage(village === v.jurisdiction ? null : v.jurisdiction)}
                  data-testid="due-village"
                  data-jurisdiction={v.jurisdiction}
                >
                  <span className="dash-village-name">{v.name}</span>
                  <span className="dash-village-count">
                    {v.overdue > 0 && (
                      <Tag color="red" className="dash-village-overdue">
                        {t.dueGroupOverdue} {v.overdue}
                      </Tag>
                    )}
                    <span>{v.overdue + v.due}</span>
                  </span>
                </button>
              ))}
            </div>
          </section>
        </aside>
        {/* Below both columns, full width: the reminders come first. */}
        <DashboardCharts onLocked={onLocked} />
      </main>
    </div>
  );
}

/**
 * The open proposals by id, read when the reminders have any: a `decision_pending` item's
 * note is the proposal's id, and the row shows what it asks instead.
 */
function useOpenProposals(due: DueView | null, onLocked: () => void): Map<string, ProposalView> {
  const backend = useBackend();
  const [byId, setById] = useState<Map<string, ProposalView>>(() => new Map());
  const wanted = due?.items.some((i) => i.kind === 'decision_pending') ?? false;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    backend.proposalList().then(
      (list) => live && setById(new Map(list.map((p) => [p.id, p]))),
      (reason) => {
        // Without them the rows still say 待决定事项; only the words of what is asked are missing.
        if (live && normaliseError(reason).code === 'locked') onLocked();
      },
    );
    return () => {
      live = false;
    };
  }, [backend, wanted, due, onLocked]);
  return byId;
}

function DueRow({
  item,
  today,
  onOpen,
  proposal,
}: {
  item: DueItemView;
  today: string;
  onOpen: (subjectId: string, opening: FileOpening | null) => void;
  /** For a decision_pending item: the proposal it is about, once read. */
  proposal?: ProposalView;
}) {
  const { lang, t } = useI18n();
  const action = dueAction(item.kind);
  const actionText =
    dueActionLabel(lang, item.kind) ?? (action && 'tab' in action ? t.dueActLeave : t.dueActOpen);
  const note =
    item.kind === 'decision_pending'
      ? proposal
        ? `${matterLabel(lang, proposal.matter)}${lang === 'zh' ? '：' : ': '}${proposal.ask_label}`
        : ''
      : dueNoteText(item, lang, t);
  const late = daysBetween(item.due, today);
  const when = late > 0 ? t.dueOverdueDays(late) : t.dueInDays(-late);
  return (
    <li
      className={`dash-item sev-${item.severity}`}
      data-testid="due-item"
      data-kind={item.kind}
      data-subject-id={item.subject_id}
    >
      <span className="dash-item-what">{dueKindLabel(lang, item.kind)}</span>
      <span className="dash-item-who">
        <strong>{item.subject_name}</strong>
        <span className="muted dash-item-village">{item.jurisdiction_name}</span>
      </span>
      <span className="dash-item-when">
        <span className="mono">{item.due}</span>
        <span className={late > 0 ? 'dash-late' : 'muted'}>{when}</span>
      </span>
      <span className="dash-item-note muted" data-testid="due-note">
        {note}
      </span>
      <Button
        className="dash-item-action"
        type={action ? 'primary' : 'default'}
        ghost={action !== null}
        icon={action && 'form' in action ? <FormOutlined /> : <FolderOpenOutlined />}
        onClick={() => onOpen(item.subject_id, action)}
        data-testid="due-action"
        aria-label={`${actionText}：${item.subject_name}`}
      >
        {actionText}
      </Button>
    </li>
  );
}

/** 待审批外出: every leave awaiting a decision, for the office to decide one click away. */
function PendingLeaves({
  session,
  onLocked,
  onOpen,
}: {
  session: SessionView;
  onLocked: () => void;
  onOpen: (subjectId: string, opening: FileOpening | null) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [leaves, setLeaves] = useState<LeaveView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    let live = true;
    backend.leaveList().then(
      (list) => {
        if (!live) return;
        setLeaves(list.filter((l) => l.status === 'requested'));
      },
      (reason) => {
        if (!live) return;
        const e = normaliseError(reason);
        if (e.code === 'locked') onLocked();
        else setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [backend, onLocked]);

  const office = canDecide(session.role);
  const shown = leaves ?? [];

  return (
    <section className="dash-card" data-testid="leave-pending" aria-label={t.leavePendingTitle}>
      <h2 className="dash-card-title">
        {t.leavePendingTitle}
        {shown.length > 0 && <span className="dash-group-count">{t.dueCountLine(shown.length)}</span>}
      </h2>
      {error ? (
        <ErrorAlert error={error} />
      ) : !leaves ? (
        <Spin size="small" />
      ) : shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.leavePendingEmpty} />
      ) : (
        <ul className="dash-pending">
          {shown.map((l) => (
            <li key={l.id} className="dash-pending-item" data-testid="leave-pending-item" data-subject-id={l.subject_id}>
              <div>
                <strong>{l.subject_name}</strong>
                <span className="muted"> · {t.leaveDays(l.days).split('（')[0].split(' (')[0]}</span>
              </div>
              <div className="mono small">
                {l.from} {t.periodJoin} {l.to}
              </div>
              <div className="small muted">{l.destination_name || l.destination_detail}</div>
              <div className="dash-pending-foot">
                <Tag color={l.approver === 'office' ? 'blue' : 'orange'}>{approverLabel(lang, l.approver)}</Tag>
                <Button
                  size="small"
                  type={office ? 'primary' : 'default'}
                  onClick={() => onOpen(l.subject_id, { tab: 'leave' })}
                  data-testid="leave-pending-open"
                >
                  {office ? t.leavePendingOpen : t.dueActOpen}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
