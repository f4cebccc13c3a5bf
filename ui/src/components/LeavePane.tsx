import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Drawer, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  ClockCircleOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type LeaveView,
  type SessionView,
  type SubjectRow,
} from '../backend';
import { daysBetween, todayIso } from '../dates';
import { approverLabel, leaveStatusLabel, useI18n, type Messages } from '../i18n';
import {
  canDecide,
  leaveEnd,
  overdueDays,
  previewLeave,
  type Approver,
  type LeaveDraft,
  type LeavePreview,
} from '../leave';
import { DateInput } from './DateInput';
import { ErrorAlert } from './ErrorAlert';

const STATUS_COLOUR: Record<string, string> = {
  requested: 'gold',
  approved: 'green',
  rejected: 'default',
  returned: 'blue',
  cancelled: 'default',
};

/** The words for who approves, as the form shows them. */
export function approverText(t: Messages, preview: Pick<LeavePreview, 'approver' | 'earlier'>): string {
  const a: Approver | null = preview.approver;
  if (a === 'office') return t.leaveApproverOffice;
  if (a === 'county') return t.leaveApproverCounty;
  if (a === 'above_county')
    return preview.earlier > 0 ? t.leaveApproverAboveTotal(preview.earlier) : t.leaveApproverAbove;
  return '';
}

/** 外出: a subject's leaves, the request form, and the decision, extension and return. */
export function LeavePane({
  session,
  subject,
  onLocked,
  onChanged,
}: {
  session: SessionView;
  subject: SubjectRow;
  onLocked: () => void;
  /** After a leave is asked for, decided, extended or closed (being away changes the file's facts). */
  onChanged?: () => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [leaves, setLeaves] = useState<LeaveView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [formOpen, setFormOpen] = useState(false);

  const load = useCallback(() => {
    setError(null);
    backend.leaveList(subject.id).then(setLeaves, (reason) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    });
  }, [backend, subject.id, onLocked]);

  useEffect(load, [load]);

  return (
    <div className="tab-pane" data-testid="pane-leave">
      <div className="section-head">
        <h2 className="section-title">{t.tabLeave}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="leave-new">
          {t.leaveNew}
        </Button>
      </div>
      {error ? (
        <ErrorAlert
          error={error}
          testId="leave-load-error"
          action={
            <Button size="small" onClick={load}>
              {t.retry}
            </Button>
          }
        />
      ) : !leaves ? (
        <Spin description={t.leaveLoading} />
      ) : leaves.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.leaveNone} />
      ) : (
        <div className="leave-list">
          {leaves.map((l) => (
            <LeaveCard
              key={l.id}
              leave={l}
              session={session}
              onChanged={(updated, note) => {
                setLeaves((prev) => (prev ?? []).map((x) => (x.id === updated.id ? updated : x)));
                message.success(note);
                onChanged?.();
              }}
              onLocked={onLocked}
            />
          ))}
        </div>
      )}
      <Drawer
        open={formOpen}
        title={t.leaveFormTitle(subject.name)}
        size={560}
        onClose={() => setFormOpen(false)}
        destroyOnHidden
      >
        {formOpen && (
          <LeaveForm
            subject={subject}
            leaves={leaves ?? []}
            onClose={() => setFormOpen(false)}
            onSaved={(saved) => {
              setFormOpen(false);
              setLeaves((prev) => [saved, ...(prev ?? [])]);
              message.success(t.leaveSubmitted);
              onChanged?.();
            }}
          />
        )}
      </Drawer>
    </div>
  );
}

const EMPTY_DRAFT: LeaveDraft = {
  from: '',
  to: '',
  destination_code: '',
  destination_detail: '',
  reason: '',
  contact: '',
};

export function LeaveForm({
  subject,
  leaves,
  onClose,
  onSaved,
}: {
  subject: SubjectRow;
  leaves: LeaveView[];
  onClose: () => void;
  onSaved: (leave: LeaveView) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const today = useMemo(() => todayIso(), []);
  const [draft, setDraft] = useState<LeaveDraft>(EMPTY_DRAFT);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const preview = previewLeave(draft, today, leaves);
  const set = (name: keyof LeaveDraft) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));

  const save = async () => {
    if (preview.problem || busy) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await backend.leaveRequest(subject.id, {
        from: draft.from,
        to: draft.to,
        destination_code: draft.destination_code.trim(),
        destination_detail: draft.destination_detail.trim(),
        reason: draft.reason.trim(),
        contact: draft.contact.trim(),
        applied_on: null,
      });
      onSaved(saved);
    } catch (reason) {
      setError(normaliseError(reason));
      setBusy(false);
    }
  };

  const problem = preview.problem ? t.leaveProblem[preview.problem] : null;
  const toBad = preview.problem === 'to_before_from';

  return (
    <form
      className="record-form leave-form"
      data-testid="leave-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="record-form-fields">
        {preview.problem === 'open_leave' && (
          <Alert type="warning" showIcon title={problem} data-testid="leave-open-warning" />
        )}
        <div className="leave-dates">
          <div className="rf-field">
            <label htmlFor="leave-from" className="rf-label">
              {t.leaveFrom}
              <span className="rf-required" aria-hidden> *</span>
            </label>
            <DateInput id="leave-from" testId="leave-from" value={draft.from} onChange={set('from')} />
          </div>
          <div className="rf-field">
            <label htmlFor="leave-to" className="rf-label">
              {t.leaveTo}
              <span className="rf-required" aria-hidden> *</span>
            </label>
            <DateInput
              id="leave-to"
              testId="leave-to"
              value={draft.to}
              onChange={set('to')}
              status={toBad ? 'error' : undefined}
            />
          </div>
        </div>
        <div className="leave-preview" aria-live="polite">
          {preview.days !== null && (
            <div className="leave-days" data-testid="leave-days">
              <ClockCircleOutlined aria-hidden /> {t.leaveDays(preview.days)}
            </div>
          )}
          {preview.approver && (
            <Alert
              type={preview.approver === 'office' ? 'info' : 'warning'}
              showIcon
              data-testid="leave-approver"
              data-approver={preview.approver}
              title={approverText(t, preview)}
            />
          )}
          {preview.late && (
            <Alert type="warning" showIcon data-testid="leave-warning" title={t.leaveApplyLate(preview.ahead)} />
          )}
          {toBad && (
            <div className="rf-error" data-testid="leave-to-error">
              {problem}
            </div>
          )}
        </div>
        <div className="rf-field">
          <label htmlFor="leave-destination-detail" className="rf-label">
            {t.leaveDestinationDetail}
            <span className="rf-required" aria-hidden> *</span>
          </label>
          <Input
            id="leave-destination-detail"
            data-testid="leave-destination-detail"
            value={draft.destination_detail}
            placeholder="例如：杭州市西湖区文三路 18 号"
            onChange={(e) => set('destination_detail')(e.target.value)}
          />
        </div>
        <div className="rf-field">
          <label htmlFor="leave-destination-code" className="rf-label">
            {t.leaveDestinationCode}
            <span className="rf-required" aria-hidden> *</span>
          </label>
          <Input
            id="leave-destination-code"
            data-testid="leave-destination-code"
            className="leave-code"
            inputMode="numeric"
            maxLength={12}
            value={draft.destination_code}
            status={preview.problem === 'destination_code' ? 'error' : undefined}
            onChange={(e) => set('destination_code')(e.target.value.replace(/\s/g, ''))}
          />
          <div className="muted small">{t.leaveDestinationCodeHint}</div>
        </div>
        <div className="rf-field">
          <label htmlFor="leave-reason" className="rf-label">
            {t.leaveReason}
            <span className="rf-required" aria-hidden> *</span>
          </label>
          <Input.TextArea
            id="leave-reason"
            data-testid="leave-reason"
            value={draft.reason}
            autoSize={{ minRows: 2, maxRows: 5 }}
            onChange={(e) => set('reason')(e.target.value)}
          />
        </div>
        <div className="rf-field">
          <label htmlFor="leave-contact" className="rf-label">
            {t.leaveContact}
            <span className="rf-required" aria-hidden> *</span>
          </label>
          <Input
            id="leave-contact"
            data-testid="leave-contact"
            value={draft.contact}
            placeholder="例如：李明 13800000000"
            onChange={(e) => set('contact')(e.target.value)}
          />
        </div>
      </div>
      {error && <ErrorAlert error={error} testId="leave-error" />}
      <div className="record-form-footer">
        <Typography.Text
          type={problem ? 'danger' : 'secondary'}
          className="record-form-hint"
          data-testid="leave-problem"
          aria-live="polite"
        >
          {problem ?? t.formKeysHint}
        </Typography.Text>
        <Space>
          <Button onClick={onClose} icon={<CloseOutlined />}>
            {t.cancel}
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SendOutlined />}
            disabled={preview.problem !== null}
            loading={busy}
            data-testid="leave-save"
          >
            {t.leaveSubmit}
          </Button>
        </Space>
      </div>
    </form>
  );
}

function LeaveCard({
  leave,
  session,
  onChanged,
  onLocked,
}: {
  leave: LeaveView;
  session: SessionView;
  onChanged: (leave: LeaveView, note: string) => void;
  onLocked: () => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const today = useMemo(() => todayIso(), []);
  const [opinion, setOpinion] = useState('');
  const [opinionMissing, setOpinionMissing] = useState(false);
  const [returnOn, setReturnOn] = useState(today);
  const [extending, setExtending] = useState(false);
  const [extendTo, setExtendTo] = useState('');
  const [extendReason, setExtendReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  const run = async (what: string, call: () => Promise<LeaveView>, note: string) => {
    setBusy(what);
    setError(null);
    try {
      const updated = await call();
      setExtending(false);
      onChanged(updated, note);
    } catch (reason) {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    }
    setBusy(null);
  };

  const end = leaveEnd(leave);
  // A return is recorded from the first day away and never in the future (the backend
  // refuses both), so a leave still to come offers none yet.
  const started = today >= leave.from;
  const office = canDecide(session.role);
  const overdueNow = leave.status === 'approved' && today > end ? daysBetween(end, today) : 0;
  const returnLate = returnOn ? overdueDays(leave, returnOn) : 0;
  const colon = lang === 'zh' ? '：' : ': ';

  return (
    <article
      className={`leave-card status-${leave.status}`}
      data-testid="leave-item"
      data-status={leave.status}
      data-leave-id={leave.id}
    >
      <div className="leave-card-head">
        <span className="leave-period mono">
          {leave.from} {t.periodJoin} {leave.to}
        </span>
        <span className="leave-days-tag">{t.leaveDays(leave.days).split('（')[0].split(' (')[0]}</span>
        <Tag color={STATUS_COLOUR[leave.status]} data-testid="leave-status">
          {leaveStatusLabel(lang, leave.status)}
        </Tag>
        <Tag variant="outlined">{approverLabel(lang, leave.approver)}</Tag>
        {leave.violation && (
          <Tag color="red" data-testid="leave-violation">
            {t.leaveViolation}
          </Tag>
        )}
        {leave.warnings.map((w) => (
          <Tag color="orange" key={w} data-testid="leave-warning-tag">
            {t.leaveWarning[w] ?? w}
          </Tag>
        ))}
      </div>
      <div className="leave-card-body">
        <div>
          <EnvironmentOutlined aria-hidden /> {leave.destination_name}
          {leave.destination_name && leave.destination_detail ? ' ' : ''}
          {leave.destination_detail}
          {leave.destination_code && <span className="muted mono small"> ({leave.destination_code})</span>}
        </div>
        <div>
          <span className="muted">{t.leaveReason}{colon}</span>
          {leave.reason}
        </div>
        <div>
          <span className="muted">{t.leaveContactShort}{colon}</span>
          {leave.contact}
          <span className="muted"> · {t.leaveAppliedOn(leave.applied_on)}</span>
        </div>
        {leave.decided_by && leave.decided_on && (
          <div data-testid="leave-decided">
            <span className="muted">
              {leave.approver === 'office'
                ? t.leaveDecided(leave.decided_by, leave.decided_on)
                : t.leaveDecidedFor(leave.approver, leave.decided_by, leave.decided_on)}
            </span>
            {leave.opinion && (
              <>
                <span className="muted">{colon}</span>
                {leave.opinion}
              </>
            )}
          </div>
        )}
        {leave.extension_to && <div data-testid="leave-extended">{t.leaveExtended(leave.extension_to)}</div>}
        {leave.status === 'returned' && leave.returned_on && (
          <div data-testid="leave-returned">
            {t.leaveReturnedOn(leave.returned_on)}
            {' · '}
            {leave.overdue_days > 0 ? (
              <strong className="dash-late" data-testid="leave-overdue">
                {t.leaveOverdue(leave.overdue_days)}
              </strong>
            ) : (
              <span className="muted">{t.leaveOnTime}</span>
            )}
          </div>
        )}
      </div>

      {leave.status === 'requested' &&
        (office ? (
          <div className="leave-actions leave-decide">
            {leave.approver !== 'office' && (
              <div className="muted small" data-testid="leave-record-for">
                {t.leaveRecordFor(leave.approver)}
              </div>
            )}
            <Input.TextArea
              data-testid="leave-opinion"
              aria-label={t.leaveOpinion}
              placeholder={t.leaveOpinionPlaceholder}
              value={opinion}
              status={opinionMissing ? 'error' : undefined}
              autoSize={{ minRows: 1, maxRows: 4 }}
              onChange={(e) => {
                setOpinion(e.target.value);
                setOpinionMissing(false);
              }}
            />
            <Space wrap>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === 'approve'}
                onClick={() => run('approve', () => backend.leaveDecide(leave.id, true, opinion.trim()), t.leaveApproved)}
                data-testid="leave-approve"
              >
                {t.leaveApprove}
              </Button>
              <Button
                danger
                icon={<StopOutlined />}
                loading={busy === 'reject'}
                onClick={() => {
                  if (!opinion.trim()) {
                    setOpinionMissing(true);
                    return;
                  }
                  void run('reject', () => backend.leaveDecide(leave.id, false, opinion.trim()), t.leaveRejectedMsg);
                }}
                data-testid="leave-reject"
              >
                {t.leaveReject}
              </Button>
              {opinionMissing && (
                <span className="rf-error" data-testid="leave-opinion-error">
                  {t.leaveRejectNeedsOpinion}
                </span>
              )}
            </Space>
          </div>
        ) : (
          <div className="leave-actions">
            <Tag icon={<ClockCircleOutlined />} color="gold" data-testid="leave-awaiting">
              {t.leaveAwaiting[leave.approver] ?? leaveStatusLabel(lang, 'requested')}
            </Tag>
          </div>
        ))}

      {leave.status === 'approved' && (
        <div className="leave-actions">
          {overdueNow > 0 ? (
            <Alert type="error" showIcon data-testid="leave-overdue-now" title={t.leaveOverdueNow(overdueNow)} />
          ) : started ? (
            <Tag color="green">{t.leaveOut}</Tag>
          ) : (
            <Tag color="blue" data-testid="leave-not-started">
              {t.leaveNotStarted(leave.from)}
            </Tag>
          )}
          <div className="leave-return-row">
            {started ? (
              <>
                <label className="muted" htmlFor={`ret-${leave.id}`}>
                  {t.leaveReturnDate}
                </label>
                <DateInput id={`ret-${leave.id}`} testId="leave-return-date" value={returnOn} onChange={setReturnOn} />
                <Button
                  type="primary"
                  icon={<RollbackOutlined />}
                  disabled={!returnOn}
                  loading={busy === 'return'}
                  onClick={() => run('return', () => backend.leaveReturn(leave.id, returnOn), t.leaveReturnedMsg)}
                  data-testid="leave-return"
                >
                  {t.leaveReturn}
                </Button>
                {returnLate > 0 && (
                  <span className="dash-late small" data-testid="leave-return-late">
                    {t.leaveWillBeLate(returnLate)}
                  </span>
                )}
              </>
            ) : (
              <span className="muted small" data-testid="leave-return-later">
                {t.leaveReturnAfterStart}
              </span>
            )}
            {today <= end && !extending && (
              <Button onClick={() => setExtending(true)} data-testid="leave-extend">
                {t.leaveExtend}
              </Button>
            )}
          </div>
          {extending && (
            <div className="leave-extend-row">
              <label className="muted" htmlFor={`ext-${leave.id}`}>
                {t.leaveExtendTo}
              </label>
              <DateInput id={`ext-${leave.id}`} testId="leave-extend-to" value={extendTo} onChange={setExtendTo} />
              <Input
                data-testid="leave-extend-reason"
                aria-label={t.leaveExtendReason}
                placeholder={t.leaveExtendReason}
                value={extendReason}
                onChange={(e) => setExtendReason(e.target.value)}
                className="leave-extend-reason"
              />
              <Button
                type="primary"
                disabled={!extendTo || extendTo <= end || !extendReason.trim()}
                loading={busy === 'extend'}
                onClick={() =>
                  run('extend', () => backend.leaveExtend(leave.id, extendTo, extendReason.trim()), t.leaveExtendedMsg)
                }
                data-testid="leave-extend-save"
              >
                {t.leaveExtendSave}
              </Button>
              <Button onClick={() => setExtending(false)}>{t.cancel}</Button>
            </div>
          )}
        </div>
      )}

      {error && <ErrorAlert error={error} testId="leave-action-error" />}
    </article>
  );
}
