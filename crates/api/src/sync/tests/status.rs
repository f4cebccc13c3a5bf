//! The sync status view and the import's progress reports, on real (temporary) archives.
//! Every name and number is synthetic.

use super::*;

#[test]
fn a_fresh_archive_has_no_peers_and_is_not_enrolled() {
    for (role, jurisdiction) in [
        (SiteRole::Village, VILLAGE),
        (SiteRole::Office, "330723001"),
    ] {
        let site = site(role, jurisdiction);
        let status = site.s.sync_status().unwrap();
        assert!(!status.enrolled);
        assert!(status.peers.is_empty() && status.gaps.is_empty());
        assert_eq!(status.open_conflicts, 0);
        assert_eq!(
            status.site_role,
            if role == SiteRole::Office {
                "office"
            } else {
                "village"
            }
        );
    }
}

#[test]
fn status_follows_bundles_both_ways() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    // Once enrolled, each side knows the other before any bundle travelled.
    let at_village = village.s.sync_status().unwrap();
    assert!(at_village.enrolled);
    assert_eq!(at_village.peers.len(), 1);
    let o = &at_village.peers[0];
    assert_eq!(
        (o.role.as_deref(), o.last_sent.is_none()),
        (Some("office"), true)
    );
    let at_office = office.s.sync_status().unwrap();
    let v = &at_office.peers[0];
    assert_eq!(v.device_id, village.s.own_device_id().unwrap());
    assert_eq!(
        (v.role.as_deref(), v.jurisdiction.as_deref(), v.revoked),
        (Some("village"), Some(VILLAGE), false)
    );
    assert!(v.jurisdiction_name.is_some(), "{v:?}");

    add_subject(&mut village.s, 1);
    let (sent, bundle) = village.s.sync_export(None, &mut env()).unwrap();
    let o = &village.s.sync_status().unwrap().peers[0];
    let last = o.last_sent.as_ref().unwrap();
    assert_eq!((last.seq, last.ops, last.count), (1, Some(sent.ops), 1));
    assert_eq!(
        o.unacknowledged, sent.ops,
        "the office has acknowledged nothing"
    );
    assert_eq!(last.at.len(), "2026-11-18 08:00".len(), "{}", last.at);

    let mut seen = Vec::new();
    let done = office
        .s
        .sync_import_reporting(&bundle, &mut env(), &mut |p| seen.push((p.done, p.total)))
        .unwrap();
    let n = done.new as u64;
    assert_eq!(seen.first(), Some(&(0, n)));
    assert_eq!(seen.last(), Some(&(n, n)));
    let v = &office.s.sync_status().unwrap().peers[0];
    let got = v.last_received.as_ref().unwrap();
    assert_eq!((got.seq, got.ops), (1, Some(sent.ops)));
    assert_eq!((v.acknowledged, v.held), (true, 0));

    let device = village.s.own_device_id().unwrap();
    let (_, back) = office.s.sync_export(Some(&device), &mut env()).unwrap();
    village.s.sync_import(&back, false, &mut env()).unwrap();
    let o = &village.s.sync_status().unwrap().peers[0];
    assert_eq!((o.acknowledged, o.unacknowledged), (true, 0));
    assert!(o.last_received.is_some());
}

#[test]
fn operations_beyond_a_missing_bundle_show_as_a_gap() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    // A copy of the office archive as it was before the first bundle (a restored backup).
    let copy_dir = office._tmp.path().join("copy");
    copy_folder(&office.path, &copy_dir);
    let mut restored = unlock(&copy_dir, None, PASS, &mut env()).unwrap();

    add_subject(&mut village.s, 1);
    let (first, b1) = village.s.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&b1, false, &mut env()).unwrap();
    let device = village.s.own_device_id().unwrap();
    let (_, back) = office.s.sync_export(Some(&device), &mut env()).unwrap();
    village.s.sync_import(&back, false, &mut env()).unwrap();
    add_subject(&mut village.s, 2);
    let (second, b2) = village.s.sync_export(None, &mut env()).unwrap();

    let r = restored.sync_import(&b2, false, &mut env()).unwrap();
    assert_eq!((r.chain.as_str(), r.held as u64), ("gap", second.ops));
    let status = restored.sync_status().unwrap();
    assert_eq!(status.gaps.len(), 1);
    let g = &status.gaps[0];
    assert_eq!(g.origin, device);
    assert_eq!(
        (g.missing_from, g.missing_to, g.held),
        (1, first.ops, second.ops)
    );
    assert!(g.origin_name.is_some());
    assert_eq!(status.peers[0].held, second.ops);
}
