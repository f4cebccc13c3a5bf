import { DatePicker } from 'antd';
import dayjs from 'dayjs';

const DATE_FORMAT = 'YYYY-MM-DD';

/** A date box that gives and takes YYYY-MM-DD ('' when empty). */
export function DateInput({
  value,
  onChange,
  testId,
  id,
  status,
  ariaLabel,
}: {
  value: string;
  onChange: (v: string) => void;
  testId: string;
  id?: string;
  status?: 'error';
  ariaLabel?: string;
}) {
  const parsed = value ? dayjs(value, DATE_FORMAT, true) : null;
  return (
    <DatePicker
      id={id}
      data-testid={testId}
      aria-label={ariaLabel}
      className="rf-date"
      format={DATE_FORMAT}
      placeholder="YYYY-MM-DD"
      status={status}
      value={parsed && parsed.isValid() ? parsed : null}
      onChange={(d) => onChange(d ? d.format(DATE_FORMAT) : '')}
    />
  );
}
