// Officer accounts of the mock backend: who can unlock, each one's passphrase, who is
// disabled. Checks follow dossier-api closely enough to develop the accounts page against:
// only account administrators (an office administrator, or the mock village's worker, who
// stands for a village archive's founder) add, disable and remove; nobody disables or removes
// themselves; a passphrase has at least 8 characters; a disabled officer cannot unlock.

import type { ErrorView } from './bindings/ErrorView';
import type { OfficerInput } from './bindings/OfficerInput';
import type { OfficerSlotView } from './bindings/OfficerSlotView';
import type { OfficerView } from './bindings/OfficerView';
import type { SessionView } from './bindings/SessionView';

const err = (code: string, message: string): ErrorView => ({ code, message });

/** Who administers accounts in the mock: see the module comment. */
export const mockAdministers = (role: string) => role === 'office_admin' || role === 'village_worker';

export function mockOfficers(initial: OfficerSlotView[], passphrase: string, next: () => number) {
  const slots = initial.map((o) => ({ ...o, active: true, passphrase }));

  const view = (o: (typeof slots)[number], self: SessionView | null): OfficerView => ({
    officer_id: o.officer_id,
    name: o.name,
    role: o.role,
    active: o.active,
    is_self: self?.officer_id === o.officer_id,
    administers: mockAdministers(o.role),
  });

  const requireAdmin = (s: SessionView) => {
    if (!mockAdministers(s.role))
      throw err('permission_denied', 'Your role may not add, disable or remove officers.');
  };
  const checkPassphrase = (p: string) => {
    if ([...p].length < 8)
      throw err('invalid_input', 'The passphrase must have at least 8 characters. Choose a longer one.');
  };
  const other = (s: SessionView, id: string) => {
    requireAdmin(s);
    const o = slots.find((x) => x.officer_id === id);
    if (!o) throw err('not_found', 'That officer was not found.');
    if (o.officer_id === s.officer_id)
      throw err('invalid_input', 'You cannot disable or remove your own account; another administrator can.');
    return o;
  };
  const own = (s: SessionView) => slots.find((x) => x.officer_id === s.officer_id)!;

  return {
    /** The slots, as the unlock screen lists them. */
    slotViews: (): OfficerSlotView[] =>
      slots.map(({ officer_id, name, role }) => ({ officer_id, name, role })),
    /** Refuses as unlock does; the slot, when the passphrase is theirs and they are active. */
    check(officerId: string, given: string): OfficerSlotView {
      const o = slots.find((x) => x.officer_id === officerId);
      if (!o) throw err('unknown_officer', 'That officer cannot unlock this archive.');
      if (given !== o.passphrase)
        throw err('wrong_passphrase', 'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.');
      if (!o.active) throw err('officer_disabled', 'This officer has been disabled; ask the office administrator.');
      return { officer_id: o.officer_id, name: o.name, role: o.role };
    },
    list: (s: SessionView) => slots.map((o) => view(o, s)),
    add(s: SessionView, input: OfficerInput, adminPassphrase: string): OfficerView {
      requireAdmin(s);
      const name = input.name.trim();
      if (!name || [...name].length > 50) throw err('invalid_input', "The officer's name must be 1 to 50 characters.");
      const roles = s.site_role === 'village' ? ['village_worker'] : ['office_admin', 'office_staff', 'village_worker'];
      if (!roles.includes(input.role))
        throw err('invalid_input', `An officer of this ${s.site_role} archive may have the role ${roles.join(' or ')}.`);
      checkPassphrase(input.passphrase);
      if (slots.some((o) => o.name === name))
        throw err('invalid_input', 'An officer with this name can already unlock the archive; names must differ so the unlock screen can tell them apart.');
      if (adminPassphrase !== own(s).passphrase)
        throw err('wrong_passphrase', 'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.');
      const added = { officer_id: `mock-officer-${next()}`, name, role: input.role, active: true, passphrase: input.passphrase };
      slots.push(added);
      return view(added, s);
    },
    setActive(s: SessionView, id: string, active: boolean): OfficerView {
      const o = other(s, id);
      o.active = active;
      return view(o, s);
    },
    remove(s: SessionView, id: string) {
      const o = other(s, id);
      slots.splice(slots.indexOf(o), 1);
    },
    changePassphrase(s: SessionView, old: string, next: string) {
      checkPassphrase(next);
      const o = own(s);
      if (old !== o.passphrase)
        throw err('wrong_passphrase', 'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.');
      o.passphrase = next;
    },
  };
}
