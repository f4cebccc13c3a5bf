// The mock's sync by bundle files: what `mock.ts` answers for sync_status, sync_pick_bundle,
// sync_verify, sync_import, sync_export, sync_conflicts and sync_resolve. A village sees its office; the office sees three
// villages, one of which has operations waiting behind a missing bundle. Bundle files are
// told apart by their names: one with "damaged", "revoked", "fork", "foreign" or "too_new"
// in it is refused with that bundle_* code, as the Rust side would refuse a real one.
// Two conflicts wait (a family member's phone in 王磊's file, 张伟's address) and an import
// brings a third; resolving one takes it off the list, as settling does on the Rust side.
// Deliberately absent: real files, keys and the op log (the counts are made up).

import type { Backend, PickedBundle, SavedBundle } from './index';
import type { ConflictView } from './bindings/ConflictView';
import type { ErrorView } from './bindings/ErrorView';
import type { ImportProgressView } from './bindings/ImportProgressView';
import type { ImportView } from './bindings/ImportView';
import type { PeerView } from './bindings/PeerView';
import type { SessionView } from './bindings/SessionView';
import type { SyncStatusView } from './bindings/SyncStatusView';
import { todayIso } from '../dates';

type SyncMethods = Pick<
  Backend,
  'syncStatus' | 'syncPickBundle' | 'syncVerify' | 'syncImport' | 'syncExport' | 'syncConflicts' | 'syncResolve'
>;

export interface MockSyncOptions {
  requireSession: () => SessionView;
  settle: <T>(produce: () => T) => Promise<T>;
  latencyMs: number;
  /** What syncPickBundle returns; default: the next bundle from the other side. */
  pickBundle?: () => PickedBundle | null;
  /** "fresh": an archive never enrolled, with no peers; "bundle_damaged" etc.: the dialog picks a file refused so. */
  scenario?: string;
  /** The name of a subject of the mock's roster; null when there is none (the `empty` scenario). */
  subjectName: (id: string) => string | null;
}

/** The bundle the mock's file dialog picks unless told otherwise. */
export const MOCK_BUNDLE: PickedBundle = {
  path: '/media/usb/dossier-2026-11-30.bundle',
  name: 'dossier-2026-11-30.bundle',
  bytes: 187_392,
};

/** A bundle the mock refuses with `code` (bundle_damaged, bundle_revoked, …). */
export const mockRefusedBundle = (code: string): PickedBundle => ({
  path: `/media/usb/${code}.bundle`,
  name: `${code}.bundle`,
  bytes: 4_096,
});

/** The mock's English messages, as the Rust side words them. */
const REFUSALS: Record<string, string> = {
  bundle_damaged: 'The bundle is damaged: it ends early. Nothing was imported; ask the sender to export it again.',
  bundle_revoked: 'The device that made this bundle was revoked by the office; its bundles are refused.',
  bundle_fork: 'Another bundle already took number 4 of this device: the archive may have been copied. Nothing was imported; tell the office.',
  bundle_foreign: 'This bundle was made for another archive. Check that you picked the right file.',
  bundle_too_new: 'This bundle was made by a newer version of Dossier; update this program first.',
};

const OFFICE_DEVICE = 'mock-device-office';
const at = (daysAgo: number, time: string) => {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  return `${todayIso(d)} ${time}`;
};

function officePeer(): PeerView {
  return {
    device_id: OFFICE_DEVICE,
    role: 'office',
    jurisdiction: '330102001',
    // The division's name, as the Rust side gives it; the screen adds 司法所.
    jurisdiction_name: '城南街道',
    revoked: false,
    last_received: { seq: 3, at: at(6, '16:20'), ops: 58, count: 3 },
    last_sent: { seq: 5, at: at(2, '09:05'), ops: 31, count: 5 },
    acknowledged: true,
    unacknowledged: 12,
    held: 0,
  };
}

function villagePeers(): PeerView[] {
  const village = (
    n: string,
    jurisdiction: string,
    name: string,
    rest: Partial<PeerView>,
  ): PeerView => ({
    device_id: `mock-device-${n}`,
    role: 'village',
    jurisdiction,
    jurisdiction_name: name,
    revoked: false,
    last_received: null,
    last_sent: null,
    acknowledged: false,
    unacknowledged: 0,
    held: 0,
    ...rest,
  });
  return [
    village('tonglu', '330102001201', '童庐村委会', {
      last_received: { seq: 5, at: at(2, '09:40'), ops: 31, count: 5 },
      last_sent: { seq: 3, at: at(6, '16:20'), ops: 58, count: 3 },
      acknowledged: true,
      unacknowledged: 9,
    }),
    village('qingshi', '330102001202', '青石社区居委会', {
      last_received: { seq: 8, at: at(1, '14:12'), ops: 17, count: 7 },
      last_sent: { seq: 6, at: at(4, '10:30'), ops: 44, count: 6 },
      acknowledged: true,
      unacknowledged: 40,
      held: 5,
    }),
    village('liuwan', '330102001203', '柳湾村委会', { unacknowledged: 226 }),
  ];
}

const VILLAGE_DEVICE = 'mock-device-tonglu';

/** The mock's conflicts: the `n`th (0, 1 at the start; 2, 3, … brought by imports). */
function mockConflict(n: number, subjectName: (id: string) => string | null): ConflictView | null {
  const side = (op: string, value: string, device: string, officer: string | null, when: string) => ({
    op_id: `mock-conflict-op-${n}-${op}`,
    value,
    device_id: device,
    officer,
    at: when,
  });
  const conflict = (
    entity: string,
    entityId: string,
    field: string,
    label: string,
    subject: string,
    shown: ConflictView['shown'],
    other: ConflictView['other'],
  ): ConflictView | null => {
    const name = subjectName(subject);
    if (name === null) return null;
    return { entity, entity_id: entityId, field, field_label: label, subject_id: subject, subject_name: name, shown, other };
  };
  switch (n) {
    case 0:
      // A family member's phone in 王磊's file: the office and the village both corrected it.
      return conflict(
        'record', 'mock-record-family-wang', 'd.phone', '联系电话', 'mock-subject-03',
        side('a', '13957120318', VILLAGE_DEVICE, '王晓明', at(3, '15:40')),
        side('b', '13900000031', OFFICE_DEVICE, '陈丽', at(3, '10:12')),
      );
    case 1:
      return conflict(
        'subject', 'mock-subject-01', 'residence_address', '居住地址', 'mock-subject-01',
        side('a', '童庐村 3 组 18 号', OFFICE_DEVICE, '陈丽', at(1, '16:05')),
        side('b', '童庐村 3 组 16 号', VILLAGE_DEVICE, null, at(1, '11:30')),
      );
    case 2:
      return conflict(
        'subject', 'mock-subject-02', 'phone', '联系电话', 'mock-subject-02',
        side('a', '13700000002', OFFICE_DEVICE, '林建国', at(0, '08:50')),
        side('b', '', VILLAGE_DEVICE, '王晓明', at(0, '08:20')),
      );
    default:
      // Later imports bring no new pairs: the mock has only so many fields to disagree on.
      return null;
  }
}

export function createMockSync(o: MockSyncOptions): SyncMethods {
  const fresh = o.scenario === 'fresh';
  let peersOf: { office: PeerView[]; village: PeerView[] } | null = null;
  const peers = (who: SessionView): PeerView[] => {
    if (fresh) return [];
    peersOf ??= { office: villagePeers(), village: [officePeer()] };
    return who.site_role === 'office' ? peersOf.office : peersOf.village;
  };
  // The other side of the mock's bundle: the office for a village, 童庐 for the office.
  const sender = (who: SessionView) => peers(who)[0];
  const imported = new Set<string>();
  let exported = 0;
  const conflicts: ConflictView[] = [];
  let conflictsMade = 0;
  const addConflict = () => {
    const c = mockConflict(conflictsMade++, o.subjectName);
    if (c) conflicts.push(c);
  };
  if (!fresh) {
    addConflict();
    addConflict();
  }

  const refuse = (code: string, message: string): never => {
    throw { code, message } satisfies ErrorView;
  };

  const plan = (path: string, dryRun: boolean): ImportView => {
    const who = o.requireSession();
    if (fresh) {
      refuse('not_enrolled', 'This archive is not enrolled yet. Ask the office to enrol this computer.');
    }
    for (const code of Object.keys(REFUSALS)) {
      if (path.includes(code)) refuse(code, REFUSALS[code]);
    }
    const from = sender(who);
    const replay = imported.has(path);
    const seq = (from.last_received?.seq ?? 0) + (replay ? 0 : 1);
    const total = 1_240;
    return {
      bundle_id: `mock-bundle-${seq}`,
      sender: from.device_id,
      seq,
      chain: replay ? 'replay' : 'ok',
      new: replay ? 0 : total - 36,
      released: 0,
      already_had: replay ? total : 36,
      held: 0,
      conflicts: replay ? 0 : 1,
      future_clock: 0,
      certificates: 0,
      revocations: 0,
      attachments: replay ? 0 : 3,
      dry_run: dryRun,
      summary: replay ? 'This bundle was imported before; nothing changes.' : `New operations: ${total - 36}`,
    };
  };

  const record = (path: string, view: ImportView, who: SessionView) => {
    if (view.chain === 'replay') return;
    imported.add(path);
    const from = sender(who);
    from.last_received = {
      seq: view.seq,
      at: `${todayIso()} ${new Date().toTimeString().slice(0, 5)}`,
      ops: view.new + view.already_had,
      count: (from.last_received?.count ?? 0) + 1,
    };
    // Its bundle said what it holds: everything this side had sent it.
    from.acknowledged = true;
    from.unacknowledged = 0;
    for (let i = 0; i < view.conflicts; i += 1) addConflict();
  };

  return {
    syncStatus: () =>
      o.settle((): SyncStatusView => {
        const who = o.requireSession();
        const list = peers(who);
        const qingshi = list.find((p) => p.device_id === 'mock-device-qingshi');
        return {
          device_id: who.site_role === 'office' ? OFFICE_DEVICE : VILLAGE_DEVICE,
          enrolled: !fresh,
          site_role: who.site_role,
          peers: structuredClone(list),
          gaps:
            qingshi && qingshi.held > 0
              ? [{ origin: qingshi.device_id, origin_name: qingshi.jurisdiction_name, missing_from: 41, missing_to: 52, held: qingshi.held }]
              : [],
          open_conflicts: conflicts.length,
        };
      }),
    syncPickBundle: () =>
      o.settle(() => {
        o.requireSession();
        if (o.pickBundle) return o.pickBundle();
        // `?mock=bundle_damaged` (and the other codes) in the browser: a refused file.
        return o.scenario?.startsWith('bundle_') ? mockRefusedBundle(o.scenario) : { ...MOCK_BUNDLE };
      }),
    syncVerify: (path) => o.settle(() => plan(path, true)),
    syncImport: (path, onProgress) =>
      new Promise<ImportView>((resolve, reject) => {
        let view: ImportView;
        let who: SessionView;
        try {
          who = o.requireSession();
          view = plan(path, false);
        } catch (reason) {
          o.settle(() => undefined).then(() => reject(reason));
          return;
        }
        // Progress as the Rust side reports it: 0 of n once planned, every 500, then n of n.
        const total = view.new;
        const steps: ImportProgressView[] = [];
        if (view.chain !== 'replay') {
          for (let done = 0; done < total; done += 500) steps.push({ done, total });
          steps.push({ done: total, total });
        }
        const next = () => {
          const step = steps.shift();
          if (step) {
            onProgress(step);
            schedule();
          } else {
            record(path, view, who);
            resolve(view);
          }
        };
        const schedule = () => (o.latencyMs > 0 ? setTimeout(next, o.latencyMs) : queueMicrotask(next));
        schedule();
      }),
    syncExport: (to) =>
      o.settle((): SavedBundle => {
        const who = o.requireSession();
        if (fresh) refuse('not_enrolled', 'This archive is not enrolled yet. Ask the office to enrol this computer.');
        const list = peers(who);
        if (to === null && who.site_role === 'office') {
          refuse('invalid_input', 'An office exports to one device at a time: name it.');
        }
        const peer = to === null ? list.find((p) => p.role === 'office') : list.find((p) => p.device_id === to);
        if (!peer) return refuse('not_found', `Device ${to} (this archive holds no certificate for it; check the id)`);
        exported += 1;
        const seq = (peer.last_sent?.seq ?? 0) + 1;
        const ops = peer.unacknowledged;
        peer.last_sent = {
          seq,
          at: `${todayIso()} ${new Date().toTimeString().slice(0, 5)}`,
          ops,
          count: (peer.last_sent?.count ?? 0) + 1,
        };
        return {
          path: `/media/usb/dossier-${todayIso()}${exported > 1 ? `-${exported}` : ''}.bundle`,
          export: {
            bundle_id: `mock-export-${exported}`,
            recipient: peer.device_id,
            seq,
            ops,
            attachments: ops > 0 ? 2 : 0,
            bytes: 6_000 + ops * 410,
          },
        };
      }),
    syncConflicts: () =>
      o.settle(() => {
        o.requireSession();
        return structuredClone(conflicts);
      }),
    syncResolve: (entity, entityId, field, keepOpId) =>
      o.settle((): ConflictView => {
        o.requireSession();
        const i = conflicts.findIndex((c) => c.entity === entity && c.entity_id === entityId && c.field === field);
        if (i < 0) return refuse('not_found', 'That conflict (it may be resolved already)');
        const c = conflicts[i];
        if (keepOpId !== c.shown.op_id && keepOpId !== c.other.op_id) {
          refuse('invalid_input', "Choose one of the conflict's two values; the value given is neither.");
        }
        conflicts.splice(i, 1);
        return c;
      }),
  };
}
