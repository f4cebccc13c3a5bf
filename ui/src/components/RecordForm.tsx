import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Checkbox, DatePicker, Drawer, Input, Radio, Select, Space, Typography } from 'antd';
import { CloseOutlined, PaperClipOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type FieldView,
  type KindView,
  type RecordView,
  type SubjectRow,
} from '../backend';
import { todayIso } from '../dates';
import { pick, useI18n } from '../i18n';
import {
  checkAll,
  initialValues,
  toChanges,
  toRecordData,
  type FormValue,
  type FormValues,
} from '../records';
import { ErrorAlert } from './ErrorAlert';
import { AttachmentLink, attachmentName, rememberAttachment } from './Attachments';

/**
 * Saves instead of recordAdd/recordEdit: the form of another kind of entry over field specs
 * (a register's). `id` is the entry being edited; absent to add one.
 */
export type RecordSubmit<T> = (data: Record<string, unknown>, id?: string) => Promise<T>;

export interface RecordFormProps<T = RecordView> {
  open: boolean;
  kind: KindView | null;
  /** The subject whose file the record is in; absent for a register entry (no correction). */
  subject?: SubjectRow;
  /** The record to edit; absent to add one. */
  record?: Pick<RecordView, 'id' | 'data'> | null;
  /** Values to start a new record with (e.g. the form of a report, from a reminder). */
  initial?: Record<string, FormValue>;
  /** Periods (start, end) whose end must not come first, checked as the user types. */
  spans?: ReadonlyArray<readonly [string, string]>;
  /** How to save, when not into the subject's file. */
  submit?: RecordSubmit<T>;
  onClose: () => void;
  onSaved: (record: T) => void;
}

const DATE_FORMAT = 'YYYY-MM-DD';

/** A drawer with a form for any record kind, checked as the user types. */
export function RecordForm<T = RecordView>(props: RecordFormProps<T>) {
  const { open, kind, onClose } = props;
  const { lang, t } = useI18n();
  const title = kind ? (props.record ? t.editRecord(pick(lang, kind)) : t.addRecord(pick(lang, kind))) : '';
  return (
    <Drawer
      open={open && kind !== null}
      title={title}
      size={560}
      onClose={onClose}
      destroyOnHidden
      className="record-drawer"
    >
      {kind && <RecordFormBody {...props} kind={kind} />}
    </Drawer>
  );
}

function RecordFormBody<T>({
  kind,
  subject,
  record,
  initial,
  spans,
  submit,
  onClose,
  onSaved,
}: RecordFormProps<T> & { kind: KindView }) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const today = useMemo(() => todayIso(), []);
  const [values, setValues] = useState<FormValues>(() => {
    const start = initialValues(kind, today, record ?? undefined);
    if (!record && initial) {
      for (const [name, value] of Object.entries(initial)) {
        if (kind.fields.some((f) => f.name === name)) start[name] = value;
      }
    }
    return start;
  });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const errors = useMemo(
    () => checkAll(kind, values, { lang, t, today, subject }, spans),
    [kind, values, lang, t, today, subject, spans],
  );
  const firstError = kind.fields.map((f) => errors[f.name]).find(Boolean);
  const valid = !firstError;

  // Focus the first field that still needs filling in (else the first field).
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const target =
        kind.fields.find((f) => f.required && errors[f.name]) ?? kind.fields[0];
      const box = form.querySelector<HTMLElement>(`[data-field="${target?.name}"]`);
      const input = box?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, button');
      input?.focus();
    }, 60);
    return () => window.clearTimeout(timer);
    // Only when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const [left, setLeft] = useState<Record<string, boolean>>({});
  const set = (name: string, value: FormValue) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    setTouched((prev) => ({ ...prev, [name]: true }));
  };
  const touch = (name: string) => {
    setTouched((prev) => ({ ...prev, [name]: true }));
    setLeft((prev) => ({ ...prev, [name]: true }));
  };

  // While typing, say at once what is out of range; "fill in" and "the format is HH:MM" wait
  // until the user leaves the field (half-typed "9:3" is not a mistake yet).
  const shownError = (field: FieldView): string | undefined => {
    const message = errors[field.name];
    if (!message || !touched[field.name]) return undefined;
    if (left[field.name]) return message;
    const label = pick(lang, field);
    const patient = [t.vRequired(label), t.vChoose(label), t.vTimeFormat(label), t.vDateFormat(label)];
    return patient.includes(message) ? undefined : message;
  };

  const save = async () => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      let saved: T;
      if (submit) {
        saved = record
          ? await submit(toChanges(kind, record, values), record.id)
          : await submit(toRecordData(kind, values));
      } else if (subject) {
        // Without `submit` the record goes into the subject's file.
        const view = record
          ? await backend.recordEdit(record.id, toChanges(kind, record, values))
          : await backend.recordAdd(subject.id, kind.name, toRecordData(kind, values));
        saved = view as T;
      } else {
        throw new Error('RecordForm needs a subject or a submit function');
      }
      onSaved(saved);
    } catch (reason) {
      setError(normaliseError(reason));
      setBusy(false);
    }
  };

  // Fields in the kind's order; yes/no fields next to each other share one box of checkboxes.
  const groups: FieldView[][] = [];
  for (const field of kind.fields) {
    const last = groups[groups.length - 1];
    if (field.type === 'bool' && last && last[0].type === 'bool') last.push(field);
    else groups.push([field]);
  }

  return (
    <form
      ref={formRef}
      className="record-form"
      data-testid="record-form"
      data-kind={kind.name}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        // Ctrl+Enter saves from anywhere in the form, also from a long text.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="record-form-fields">
        {groups.map((group) =>
          group[0].type === 'bool' ? (
            <div className="rf-checks" key={group[0].name}>
              {group.map((field) => (
                <div key={field.name} data-field={field.name}>
                  <Checkbox
                    data-testid={`field-${field.name}`}
                    checked={values[field.name] === true}
                    onChange={(e) => set(field.name, e.target.checked)}
                  >
                    {pick(lang, field)}
                  </Checkbox>
                </div>
              ))}
            </div>
          ) : (
            <FieldRow
              key={group[0].name}
              field={group[0]}
              value={values[group[0].name]}
              error={shownError(group[0])}
              onChange={(v) => set(group[0].name, v)}
              onBlur={() => touch(group[0].name)}
            />
          ),
        )}
      </div>

      {error && <ErrorAlert error={error} testId="record-error" />}

      <div className="record-form-footer">
        <Typography.Text
          type={valid ? 'secondary' : 'danger'}
          className="record-form-hint"
          data-testid="record-form-hint"
          aria-live="polite"
        >
          {firstError ?? t.formKeysHint}
        </Typography.Text>
        <Space>
          <Button onClick={onClose} icon={<CloseOutlined />}>
            {t.cancel}
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            disabled={!valid}
            loading={busy}
            data-testid="record-save"
          >
            {t.save}
          </Button>
        </Space>
      </div>
    </form>
  );
}

function FieldRow({
  field,
  value,
  error,
  onChange,
  onBlur,
}: {
  field: FieldView;
  value: FormValue | undefined;
  error?: string;
  onChange: (value: FormValue) => void;
  onBlur: () => void;
}) {
  const { lang, t } = useI18n();
  const id = `rf-${field.name}`;
  const label = pick(lang, field);
  const status = error ? 'error' : undefined;
  const testId = `field-${field.name}`;
  const text = typeof value === 'string' ? value : '';

  let control;
  switch (field.type) {
    case 'long_text':
      control = (
        <Input.TextArea
          id={id}
          data-testid={testId}
          value={text}
          status={status}
          autoSize={{ minRows: 2, maxRows: 8 }}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      );
      break;
    case 'date': {
      const parsed = text ? dayjs(text, DATE_FORMAT, true) : null;
      control = (
        <DatePicker
          id={id}
          data-testid={testId}
          className="rf-date"
          format={DATE_FORMAT}
          placeholder="YYYY-MM-DD"
          value={parsed && parsed.isValid() ? parsed : null}
          status={status}
          onChange={(d) => onChange(d ? d.format(DATE_FORMAT) : '')}
          onBlur={onBlur}
        />
      );
      break;
    }
    case 'time':
      control = (
        <Input
          id={id}
          data-testid={testId}
          className="rf-time"
          placeholder="HH:MM"
          value={text}
          status={status}
          maxLength={5}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      );
      break;
    case 'number':
      control = (
        <Input
          id={id}
          data-testid={testId}
          className="rf-number"
          inputMode="decimal"
          value={text}
          status={status}
          suffix={
            field.min !== null && field.max !== null ? (
              <span className="muted">{`${field.min}–${field.max}`}</span>
            ) : undefined
          }
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      );
      break;
    case 'choice':
      // A few choices are one click each as buttons; more go in a list.
      control = field.choices.length <= 4 && field.choices.every((c) => pick(lang, c).length <= 12) ? (
        <Radio.Group
          id={id}
          data-testid={testId}
          className="rf-radios"
          optionType="button"
          value={text || undefined}
          onChange={(e) => onChange(e.target.value as string)}
          options={field.choices.map((c) => ({ value: c.value, label: pick(lang, c) }))}
        />
      ) : (
        <Select
          id={id}
          data-testid={testId}
          className="rf-select"
          value={text || undefined}
          status={status}
          allowClear={!field.required}
          placeholder={t.choosePlaceholder}
          options={field.choices.map((c) => ({ value: c.value, label: pick(lang, c) }))}
          onChange={(v) => onChange((v as string | undefined) ?? '')}
          onBlur={onBlur}
        />
      );
      break;
    case 'attachments':
      control = (
        <AttachmentsInput
          testId={testId}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
        />
      );
      break;
    default:
      control = (
        <Input
          id={id}
          data-testid={testId}
          value={text}
          status={status}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      );
  }

  return (
    <div className="rf-field" data-field={field.name}>
      <label htmlFor={id} className="rf-label">
        {label}
        {field.required && <span className="rf-required" aria-hidden> *</span>}
      </label>
      {control}
      {error && (
        <div className="rf-error" data-testid={`error-${field.name}`}>
          {error}
        </div>
      )}
    </div>
  );
}

function AttachmentsInput({
  testId,
  value,
  onChange,
}: {
  testId: string;
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);

  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const picked = await backend.attachmentPick('document');
      if (picked) {
        rememberAttachment(picked);
        if (!value.includes(picked.sha256)) onChange([...value, picked.sha256]);
      }
    } catch (reason) {
      setError(normaliseError(reason));
    }
    setBusy(false);
  };

  return (
    <div className="rf-attachments" data-testid={testId}>
      {value.length > 0 && (
        <ul className="rf-attachment-list">
          {value.map((sha, i) => (
            <li key={sha}>
              <AttachmentLink sha={sha} name={attachmentName(sha, i, lang)} />
              <Button
                size="small"
                type="text"
                aria-label={t.attachmentRemove}
                title={t.attachmentRemove}
                icon={<CloseOutlined />}
                onClick={() => onChange(value.filter((s) => s !== sha))}
              />
            </li>
          ))}
        </ul>
      )}
      <Button icon={<PaperClipOutlined />} onClick={add} loading={busy}>
        {t.attachmentsAdd}
      </Button>
      {error && <ErrorAlert error={error} />}
    </div>
  );
}
