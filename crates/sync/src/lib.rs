//! Sync by bundle: how operations travel between archives that never share a network.
//!
//! Village laptops are offline. Their operations leave as a file carried on a USB stick or
//! sent by email, are checked and imported by the judicial office, and the office's own
//! operations (decisions, transfers, certificates, revocations) travel back the same way.
//! This crate makes, reads, checks, plans and applies those files. It knows the op log and
//! the projected tables only through `dossier-store`; it checks no officer permissions (that
//! is `dossier-api`'s job) and prints nothing.
//!
//! # Terms
//!
//! - **Bundle**: one file carrying operations from one device (the *sender*) to one archive
//!   (the *recipient*). It is an `age` file encrypted to the recipient's X25519 key; inside
//!   is a `tar.zst` holding `manifest.json`, `manifest.sig`, `ops.ndjson` and
//!   `attachments/<sha256>`. See [`format`](mod@format).
//! - **Manifest**: the bundle's table of contents ([`manifest::Manifest`]): who sent it, to
//!   whom, which op ranges and files it holds with their SHA-256, the sender's
//!   acknowledgement vector and its place in the sender's chain. Its exact bytes are signed
//!   with the sender's Ed25519 key, prefixed by a type tag so a signature over a manifest can
//!   never be passed off as a signature over anything else.
//! - **Origin**: the device that *made* an operation (`Op::device_id`). A bundle may relay
//!   operations of many origins: the office forwards what one village needs from another.
//! - **Op range**: `{origin, from_seq, to_seq}`: the operations of one origin with those
//!   device sequence numbers, all of them, carried in a bundle.
//! - **Acknowledgement vector**: for each origin, the highest device sequence number up to
//!   which an archive holds *every* operation of that origin (its contiguous high-water
//!   mark). A sender puts its own in every manifest; the receiver remembers it, and the next
//!   export to that peer sends exactly what lies above it. A lost bundle therefore costs
//!   nothing but exporting again.
//! - **Chain**: each sender numbers its bundles 1, 2, 3… and each manifest names the hash of
//!   the previous one. The chain detects *replays* (the same bundle again: nothing to do) and
//!   *forks* (two different bundles claiming one place: an alarm), not losses.
//! - **Held op**: an operation whose origin sequence number lies beyond a gap (an earlier
//!   operation of the same origin has not arrived). It is kept aside, outside the op log,
//!   and applied when the gap is filled, so every origin's log stays gapless.
//! - **Conflict**: two operations from different devices that set the same field of the same
//!   entity from the same `base` (neither author saw the other's edit). Both are kept; the
//!   projection shows the one with the higher (hlc, device id), as the store's field-wise
//!   last-writer-wins already decides, and the pair is listed for a person to resolve.
//! - **Certificate**: the office's Ed25519 signature over a device's identity: device id,
//!   signing key, age recipient, jurisdiction prefix, role, serial, valid-from. An archive
//!   only accepts bundles from devices holding a certificate from its office.
//! - **Revocation**: the office's signed statement that a device's certificate (by serial) is
//!   no longer valid from a given time. Office bundles carry them to every village.
//! - **Scope**: a device may only send operations about subjects whose jurisdiction code
//!   starts with its certificate's jurisdiction prefix (or did, for operations that do not
//!   move the subject), and an office sends a village device only operations its prefix
//!   covers (see [`share`](mod@share)).
//! - **Covered range**: a range of an origin's sequence numbers in which an office's bundle
//!   carries every operation meant for the recipient, having deliberately left out the
//!   rest. The recipient's mark moves past the whole range.
//!
//! # Invariant
//!
//! A bundle is either imported whole, in one transaction, or not at all: any failed check
//! (decryption, hashes, signature, certificate, revocation, chain, scope, tamper) leaves the
//! archive exactly as it was, and importing the same bundle again changes nothing. Together
//! with the store's order-independent projections this makes any set of bundles, imported
//! in any order and any number of times, converge on one digest.

pub use apply::{ExportFrom, ImportError, ImportReport, export, import_bundle, preview};
pub use format::{BundleError, Limits, OpenedBundle, read_bundle, write_bundle};
pub use keys::{
    Certificate, DeviceKeys, DeviceRole, Enrolment, EnrolmentRequest, KeyError, OpenedEnrolment,
    Revocation, SignedFile,
};
pub use manifest::Manifest;
pub use plan::{ChainCheck, Plan, Refusal};

pub mod apply;
pub mod format;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod keys;
pub mod manifest;
pub mod plan;
pub mod share;
pub mod state;
#[cfg(test)]
mod testkit;
