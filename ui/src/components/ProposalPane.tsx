// 奖惩与审批: a subject's proposals and the office's decisions on them. A village worker (or the
// office) proposes a sanction or praise, a change of residence, electronic positioning, entry to
// a place an injunction bans, or the end of the correction; the office decides each one with its
// own facts, grounds and document number. The rules (which step a category has, deadlines, what
// an approval changes) are the backend's; a refusal is shown in its words. Deliberately absent:
// editing a proposal once sent (withdraw it and propose again) and the paperwork's layout.

import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, Drawer, Empty, Input, Popconfirm, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import {
  AuditOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  CloseOutlined,
  PaperClipOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type KindView,
  type ProposalView,
  type SessionView,
  type SubjectRow,
} from '../backend';
import {
  endReasonLabel,
  matterLabel,
  pick,
  proposalStatusLabel,
  stepLabel,
  useI18n,
  type Messages,
} from '../i18n';
import { canDecide } from '../leave';
import {
  END_REASONS,
  MATTERS,
  MATTER_FIELDS,
  STEPS,
  addMonths,
  emptyDraft,
  proposalInput,
  proposalProblem,
  type Matter,
  type MatterField,
  type ProposalDraft,
  type ProposalProblem,
} from '../proposal';
import { AttachmentLinks, rememberAttachment } from './Attachments';
import { ErrorAlert } from './ErrorAlert';
import { DateInput } from './DateInput';
import './ProposalPane.css';

const STATUS_COLOUR: Record<string, string> = {
  proposed: 'gold',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

const FIELD_LABEL: Record<MatterField | 'facts' | 'grounds', (t: Messages) => string> = {
  step: (t) => t.proposalStep,
  destination_code: (t) => t.proposalDestinationCode,
  move_on: (t) => t.proposalMoveOn,
  positioning_reason: (t) => t.proposalPositioningReason,
  from: (t) => t.proposalFrom,
  to: (t) => t.proposalTo,
  place: (t) => t.proposalPlace,
  end_reason: (t) => t.proposalEndReason,
  summary: (t) => t.proposalSummary,
  certificate_no: (t) => t.proposalCertificateNo,
  facts: (t) => t.proposalFacts,
  grounds: (t) => t.proposalGrounds,
};

export function problemText(t: Messages, problem: ProposalProblem): string {
  if (problem.why === 'missing') return t.proposalProblem.missing(FIELD_LABEL[problem.field](t));
  return t.proposalProblem[problem.why];
}

const ENDED = new Set(['released', 'terminated']);

/** 奖惩与审批: the list of proposals with their decisions, the proposal form, and deciding. */
export function ProposalPane({
  session,
  subject,
  kinds,
  onLocked,
  onDecided,
}: {
  session: SessionView;
  subject: SubjectRow;
  /** The record kinds: the positioning kind's reasons are the positioning proposal's. */
  kinds: KindView[];
  onLocked: () => void;
  /** A decision may change the file (status, jurisdiction, a positioning record). */
  onDecided: () => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [proposals, setProposals] = useState<ProposalView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const ended = ENDED.has(subject.status);

  const load = useCallback(() => {
    setError(null);
    backend.proposalList(subject.id).then(setProposals, (reason) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    });
  }, [backend, subject.id, onLocked]);

  useEffect(load, [load]);

  return (
    <div className="tab-pane" data-testid="pane-proposals">
      <div className="section-head">
        <h2 className="section-title">{t.tabProposals}</h2>
        <Space>
          {ended && <span className="muted small">{t.proposalEnded}</span>}
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={ended}
            onClick={() => setFormOpen(true)}
            data-testid="proposal-new"
          >
            {t.proposalNew}
          </Button>
        </Space>
      </div>
      {error ? (
        <ErrorAlert
          error={error}
          testId="proposal-load-error"
          action={
            <Button size="small" onClick={load}>
              {t.retry}
            </Button>
          }
        />
      ) : !proposals ? (
        <Spin description={t.proposalLoading} />
      ) : proposals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.proposalNone} />
      ) : (
        <div className="leave-list">
          {proposals.map((p) => (
            <ProposalCard
              key={p.id}
              proposal={p}
              session={session}
              onChanged={(updated, note) => {
                setProposals((prev) => (prev ?? []).map((x) => (x.id === updated.id ? updated : x)));
                message.success(note);
                if (updated.decision) onDecided();
              }}
              onLocked={onLocked}
            />
          ))}
        </div>
      )}
      <Drawer
        open={formOpen}
        title={t.proposalFormTitle(subject.name)}
        size={600}
        onClose={() => setFormOpen(false)}
        destroyOnHidden
      >
        {formOpen && (
          <ProposalForm
            subject={subject}
            kinds={kinds}
            onClose={() => setFormOpen(false)}
            onSaved={(saved) => {
              setFormOpen(false);
              setProposals((prev) => [saved, ...(prev ?? [])]);
              message.success(t.proposalSubmitted);
            }}
          />
        )}
      </Drawer>
    </div>
  );
}

/** A labelled field of the forms below. */
function Field({
  id,
  label,
  required,
  hint,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="rf-field" data-testid={`field-${id}`}>
      <label htmlFor={id} className="rf-label">
        {label}
        {required && (
          <span className="rf-required" aria-hidden>
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {hint && <div className="muted small">{hint}</div>}
    </div>
  );
}

/** Evidence: the files already chosen, and a button that picks one more (on the Rust side). */
function EvidencePicker({
  value,
  onChange,
  onError,
  testId,
}: {
  value: string[];
  onChange: (shas: string[]) => void;
  onError: (e: ErrorView) => void;
  testId: string;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    try {
      const picked = await backend.attachmentPick('document');
      if (picked) {
        rememberAttachment(picked);
        if (!value.includes(picked.sha256)) onChange([...value, picked.sha256]);
      }
    } catch (reason) {
      onError(normaliseError(reason));
    }
    setBusy(false);
  };
  return (
    <div className="rf-attachments">
      {value.length > 0 && <AttachmentLinks value={value.join(',')} />}
      <Button size="small" icon={<PaperClipOutlined />} loading={busy} onClick={add} data-testid={testId}>
        {t.proposalEvidenceAdd}
      </Button>
    </div>
  );
}

export function ProposalForm({
  subject,
  kinds,
  onClose,
  onSaved,
}: {
  subject: SubjectRow;
  kinds: KindView[];
  onClose: () => void;
  onSaved: (proposal: ProposalView) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [draft, setDraft] = useState<ProposalDraft>(() => emptyDraft());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const problem = proposalProblem(draft);
  const set = (name: keyof ProposalDraft) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));

  const reasons = useMemo(
    () => kinds.find((k) => k.name === 'positioning')?.fields.find((f) => f.name === 'reason')?.choices ?? [],
    [kinds],
  );

  const save = async () => {
    if (problem || busy) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await backend.propose(subject.id, proposalInput(draft)));
    } catch (reason) {
      setError(normaliseError(reason));
      setBusy(false);
    }
  };

  const text = (name: MatterField | 'facts' | 'grounds' | 'doc_no', long = false) => {
    const props = {
      id: `proposal-${name}`,
      'data-testid': `proposal-${name}`,
      value: draft[name],
      onChange: (e: { target: { value: string } }) => set(name)(e.target.value),
    };
    return long ? <Input.TextArea {...props} autoSize={{ minRows: 2, maxRows: 6 }} /> : <Input {...props} />;
  };
  const date = (name: 'move_on' | 'from' | 'to', bad = false) => (
    <DateInput
      id={`proposal-${name}`}
      testId={`proposal-${name}`}
      value={draft[name]}
      onChange={set(name)}
      status={bad ? 'error' : undefined}
    />
  );
  const select = (name: 'step' | 'positioning_reason' | 'end_reason', options: Array<{ value: string; label: string }>) => (
    <Select
      id={`proposal-${name}`}
      data-testid={`proposal-${name}`}
      value={draft[name] || undefined}
      placeholder={t.choosePlaceholder}
      options={options}
      onChange={(v: string) => set(name)(v)}
      popupMatchSelectWidth={false}
    />
  );

  const widgets: Record<MatterField, () => ReactNode> = {
    step: () => select('step', STEPS.map((s) => ({ value: s, label: stepLabel(lang, s) }))),
    destination_code: () => (
      <Input
        id="proposal-destination_code"
        data-testid="proposal-destination_code"
        className="leave-code"
        inputMode="numeric"
        maxLength={12}
        value={draft.destination_code}
        status={problem?.why === 'division_code' && draft.destination_code ? 'error' : undefined}
        onChange={(e) => set('destination_code')(e.target.value.replace(/\s/g, ''))}
      />
    ),
    move_on: () => date('move_on'),
    positioning_reason: () =>
      select('positioning_reason', reasons.map((c) => ({ value: c.value, label: pick(lang, c) }))),
    from: () => date('from'),
    to: () => date('to', problem?.why === 'to_before_from'),
    place: () => text('place'),
    end_reason: () => select('end_reason', END_REASONS.map((r) => ({ value: r, label: endReasonLabel(lang, r) }))),
    summary: () => text('summary', true),
    certificate_no: () => text('certificate_no'),
  };

  const hint = (name: MatterField): string | undefined => {
    if (name === 'destination_code') return t.proposalDestinationHint;
    if (name === 'move_on') return t.proposalMoveHint;
    if (name === 'to' && draft.matter === 'positioning' && draft.from)
      return t.proposalToHint(addMonths(draft.from, 3));
    return undefined;
  };

  return (
    <form
      className="record-form proposal-form"
      data-testid="proposal-form"
      data-matter={draft.matter}
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
        <Field id="proposal-matter" label={t.proposalMatter} required>
          <Radio.Group
            id="proposal-matter"
            data-testid="proposal-matter"
            optionType="button"
            value={draft.matter}
            // The paper trail stays; the matter's own fields start empty.
            onChange={(e) =>
              setDraft((d) => ({ ...emptyDraft(e.target.value as Matter), facts: d.facts, grounds: d.grounds, doc_no: d.doc_no, evidence: d.evidence }))
            }
            options={MATTERS.map((m) => ({ value: m, label: matterLabel(lang, m) }))}
          />
        </Field>
        <div className="proposal-matter-fields" data-testid="proposal-matter-fields">
          {MATTER_FIELDS[draft.matter].map(({ name, required }) => (
            <Field key={name} id={`proposal-${name}`} label={FIELD_LABEL[name](t)} required={required} hint={hint(name)}>
              {widgets[name]()}
            </Field>
          ))}
        </div>
        <Field id="proposal-facts" label={t.proposalFacts} required>
          {text('facts', true)}
        </Field>
        <Field id="proposal-grounds" label={t.proposalGrounds} required>
          {text('grounds', true)}
        </Field>
        <Field id="proposal-doc_no" label={t.proposalDocNo}>
          {text('doc_no')}
        </Field>
        <Field id="proposal-evidence" label={t.proposalEvidence}>
          <EvidencePicker
            value={draft.evidence}
            onChange={(evidence) => setDraft((d) => ({ ...d, evidence }))}
            onError={setError}
            testId="proposal-evidence-add"
          />
        </Field>
      </div>
      {error && <ErrorAlert error={error} testId="proposal-error" />}
      <div className="record-form-footer">
        <Typography.Text
          type={problem ? 'danger' : 'secondary'}
          className="record-form-hint"
          data-testid="proposal-problem"
          aria-live="polite"
        >
          {problem ? problemText(t, problem) : t.formKeysHint}
        </Typography.Text>
        <Space>
          <Button onClick={onClose} icon={<CloseOutlined />}>
            {t.cancel}
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SendOutlined />}
            disabled={problem !== null}
            loading={busy}
            data-testid="proposal-save"
          >
            {t.proposalSubmit}
          </Button>
        </Space>
      </div>
    </form>
  );
}

/** The office's decision on an open proposal. Refusals (no grounds, no document number for
 * an approval, a term not yet over) come back from the backend in words. */
function DecideForm({
  proposal,
  onDecided,
  onCancel,
  onLocked,
}: {
  proposal: ProposalView;
  onDecided: (updated: ProposalView) => void;
  onCancel: () => void;
  onLocked: () => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [approve, setApprove] = useState<boolean | null>(null);
  const [facts, setFacts] = useState('');
  const [grounds, setGrounds] = useState('');
  const [docNo, setDocNo] = useState('');
  const [evidence, setEvidence] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const key = (name: string) => `decide-${name}-${proposal.id}`;

  const save = async () => {
    if (approve === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await backend.decide(proposal.id, {
        approve,
        facts: facts.trim(),
        grounds: grounds.trim(),
        doc_no: docNo.trim(),
        evidence,
      });
      onDecided(updated);
    } catch (reason) {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="proposal-decide" data-testid="proposal-decide-form">
      <Radio.Group
        data-testid="decide-outcome"
        optionType="button"
        buttonStyle="solid"
        value={approve === null ? undefined : approve ? 'approve' : 'reject'}
        onChange={(e) => setApprove(e.target.value === 'approve')}
        options={[
          { value: 'approve', label: t.proposalApprove },
          { value: 'reject', label: t.proposalReject },
        ]}
      />
      <Field id={key('facts')} label={t.proposalFacts}>
        <Input.TextArea
          id={key('facts')}
          data-testid="decide-facts"
          value={facts}
          autoSize={{ minRows: 1, maxRows: 4 }}
          onChange={(e) => setFacts(e.target.value)}
        />
      </Field>
      <Field id={key('grounds')} label={t.proposalGrounds} required>
        <Input.TextArea
          id={key('grounds')}
          data-testid="decide-grounds"
          value={grounds}
          autoSize={{ minRows: 1, maxRows: 4 }}
          onChange={(e) => setGrounds(e.target.value)}
        />
      </Field>
      <Field
        id={key('doc_no')}
        label={t.proposalDocNo}
        required={approve === true}
        hint={approve === false ? undefined : t.proposalDecisionDocHint}
      >
        <Input id={key('doc_no')} data-testid="decide-doc_no" value={docNo} onChange={(e) => setDocNo(e.target.value)} />
      </Field>
      <Field id={key('evidence')} label={t.proposalEvidence}>
        <EvidencePicker value={evidence} onChange={setEvidence} onError={setError} testId="decide-evidence-add" />
      </Field>
      {error && <ErrorAlert error={error} testId="decide-error" />}
      <Space>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={approve === null}
          loading={busy}
          onClick={save}
          data-testid="decide-save"
        >
          {t.proposalDecisionSave}
        </Button>
        <Button onClick={onCancel}>{t.cancel}</Button>
      </Space>
    </div>
  );
}

function ProposalCard({
  proposal: p,
  session,
  onChanged,
  onLocked,
}: {
  proposal: ProposalView;
  session: SessionView;
  onChanged: (proposal: ProposalView, note: string) => void;
  onLocked: () => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [deciding, setDeciding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const colon = lang === 'zh' ? '：' : ': ';
  const office = canDecide(session.role);
  const mine = p.proposed_by === session.officer_name;
  const open = p.status === 'proposed';
  const d = p.decision;

  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await backend.withdraw(p.id), t.proposalWithdrawn);
    } catch (reason) {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    }
    setBusy(false);
  };

  const line = (label: string, value: ReactNode, testId?: string) => (
    <div data-testid={testId}>
      <span className="muted">
        {label}
        {colon}
      </span>
      {value}
    </div>
  );

  return (
    <article
      className={`leave-card proposal-card status-${p.status}`}
      data-testid="proposal-item"
      data-status={p.status}
      data-matter={p.matter}
      data-proposal-id={p.id}
    >
      <div className="leave-card-head">
        <Tag color="blue" data-testid="proposal-matter-label">
          {matterLabel(lang, p.matter)}
        </Tag>
        <strong className="proposal-ask" data-testid="proposal-ask">
          {p.ask_label}
        </strong>
        <Tag color={STATUS_COLOUR[p.status]} data-testid="proposal-status">
          {proposalStatusLabel(lang, p.status)}
        </Tag>
      </div>
      {p.notices.map((n) => (
        <Alert key={n} type="warning" showIcon title={n} className="proposal-notice" data-testid="proposal-notice" />
      ))}
      <div className="leave-card-body">
        {p.matter === 'ending' && p.ask.summary && line(t.proposalSummary, p.ask.summary)}
        {p.matter === 'ending' && p.ask.certificate_no && line(t.proposalCertificateNo, p.ask.certificate_no)}
        {line(t.proposalFacts, p.facts)}
        {line(t.proposalGrounds, p.grounds)}
        {p.doc_no && line(t.proposalDocNo, <span className="mono">{p.doc_no}</span>)}
        {p.evidence.length > 0 &&
          line(t.proposalEvidenceCount(p.evidence.length), <AttachmentLinks value={p.evidence.join(',')} />, 'proposal-evidence')}
        <div className="muted small" data-testid="proposal-by">
          {t.proposalProposed(p.proposed_by, p.proposed_on)}
        </div>
      </div>

      {d && (
        <section
          className={`proposal-decision outcome-${d.outcome}`}
          data-testid="proposal-decision"
          data-outcome={d.outcome}
          aria-label={t.proposalDecision}
        >
          <div className="proposal-decision-head">
            <AuditOutlined aria-hidden />
            <strong>{t.proposalDecision}</strong>
            <Tag color={STATUS_COLOUR[d.outcome]} data-testid="decision-outcome">
              {proposalStatusLabel(lang, d.outcome)}
            </Tag>
            {d.doc_no && (
              <span className="mono" data-testid="decision-doc-no">
                {d.doc_no}
              </span>
            )}
            <span className="muted small" data-testid="decision-by">
              {t.proposalDecidedBy(d.decided_by, d.decided_on)}
            </span>
          </div>
          {d.facts && line(t.proposalFacts, d.facts)}
          {line(t.proposalGrounds, d.grounds)}
          {d.evidence.length > 0 &&
            line(t.proposalEvidenceCount(d.evidence.length), <AttachmentLinks value={d.evidence.join(',')} />)}
          {d.effects.length > 0 && (
            <div className="proposal-effects">
              <span className="muted">
                {t.proposalEffects}
                {colon}
              </span>
              <ul>
                {d.effects.map((e) => (
                  <li key={e} data-testid="decision-effect">
                    {e}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}

      {open && (
        <div className="leave-actions">
          {office ? (
            deciding ? (
              <DecideForm
                proposal={p}
                onDecided={(updated) => {
                  setDeciding(false);
                  onChanged(updated, t.proposalDecided);
                }}
                onCancel={() => setDeciding(false)}
                onLocked={onLocked}
              />
            ) : (
              <Space wrap>
                <Button type="primary" icon={<AuditOutlined />} onClick={() => setDeciding(true)} data-testid="proposal-decide">
                  {t.proposalDecide}
                </Button>
                <WithdrawButton busy={busy} onConfirm={withdraw} />
              </Space>
            )
          ) : (
            <Space wrap>
              <Tag icon={<ClockCircleOutlined />} color="gold" data-testid="proposal-awaiting">
                {t.proposalAwaiting}
              </Tag>
              {mine && <WithdrawButton busy={busy} onConfirm={withdraw} />}
            </Space>
          )}
        </div>
      )}
      {error && <ErrorAlert error={error} testId="proposal-action-error" />}
    </article>
  );
}

function WithdrawButton({ busy, onConfirm }: { busy: boolean; onConfirm: () => void }) {
  const { t } = useI18n();
  return (
    <Popconfirm title={t.proposalWithdrawConfirm} okText={t.proposalWithdraw} cancelText={t.cancel} onConfirm={onConfirm}>
      <Button icon={<RollbackOutlined />} loading={busy} data-testid="proposal-withdraw">
        {t.proposalWithdraw}
      </Button>
    </Popconfirm>
  );
}
