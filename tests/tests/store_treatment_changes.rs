//! Dose changes and interruptions of a treatment episode in the store: tapering derived from the
//! dose before, dates inside the episode, no overlapping interruptions, the domain episode read
//! back, soft deletion and one audit event per write.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::store::treatments::{self, EpisodeStop, doses};
use registry_core::store::{DbConn, Deletion, Scope, audit};
use registry_core::treatment::{Frequency, InterruptionReason, StopReason};
use registry_tests::fixtures::{self, audited, date, mg};
use registry_tests::{db_test, system_ctx};
use rust_decimal_macros::dec;

db_test!(
    dose_changes_derive_tapering_and_stay_inside_the_episode,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let (_, e) = fixtures::ongoing_episode(&mut conn);
        let add = |conn: &mut DbConn, on, dose, taper| {
            conn.write(|tx| {
                treatments::add_dose_change(tx, &ctx, &Scope::All, &e.id, on, dose, taper)
            })
        };
        let (lower, events) = audited(&mut conn, |c| {
            add(c, date(2025, 3, 1), mg(dec!(2), Frequency::OnceDaily), None).unwrap()
        });
        assert_eq!(events, 1);
        assert!(lower.is_taper, "2 mg after 4 mg daily is a taper");
        assert_eq!((lower.amount.as_str(), lower.unit.as_str()), ("2", "mg"));
        let back_up = add(
            &mut conn,
            date(2025, 5, 1),
            mg(dec!(4), Frequency::OnceDaily),
            None,
        );
        assert!(!back_up.unwrap().is_taper);
        let every_other_day = mg(dec!(4), Frequency::EveryOtherDay);
        let marked = add(&mut conn, date(2025, 6, 1), every_other_day, Some(false)).unwrap();
        assert!(!marked.is_taper, "the caller's flag wins");
        let (refused, events) = audited(&mut conn, |c| {
            let on_start = add(c, date(2025, 1, 1), mg(dec!(2), Frequency::OnceDaily), None);
            let before = add(
                c,
                date(2024, 12, 1),
                mg(dec!(2), Frequency::OnceDaily),
                None,
            );
            let twice = add(c, date(2025, 3, 1), mg(dec!(1), Frequency::OnceDaily), None);
            [on_start, before, twice]
        });
        assert_eq!(events, 0);
        for r in refused {
            assert_eq!(fixtures::invalid_fields(r), ["effective_date"]);
        }
        let listed = treatments::dose_changes(&mut conn, &Scope::All, &e.id).unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[0], lower);
        let episode = treatments::load_episode(&mut conn, &Scope::All, &e.id).unwrap();
        assert_eq!(
            episode.dose_on(date(2025, 4, 1)).unwrap().dose().amount(),
            dec!(2)
        );
        // A stop before a recorded dose change is refused.
        let early = EpisodeStop {
            date: date(2025, 4, 1),
            reason: StopReason::Other,
        };
        let refused =
            conn.write(|tx| treatments::stop(tx, &ctx, &Scope::All, &e.id, 1, early, "x"));
        assert!(
            fixtures::invalid_fields(refused)
                .iter()
                .all(|f| f == "stop_date")
        );
        // A deleted dose change leaves the list but stays in the trail.
        let deletion = Deletion {
            expected_version: 1,
            reason: "wrong episode".into(),
        };
        conn.write(|tx| doses::delete(tx, &ctx, &Scope::All, &lower.id, &deletion))
            .unwrap();
        assert_eq!(
            treatments::dose_changes(&mut conn, &Scope::All, &e.id)
                .unwrap()
                .len(),
            2
        );
        fixtures::assert_deleted_in_audit(&mut conn, "dose_change", &lower.id, "wrong episode");
    }
);

db_test!(overlapping_or_outside_interruptions_are_refused, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let (_, e) = fixtures::ongoing_episode(&mut conn);
    let add = |conn: &mut DbConn, from, to| {
        conn.write(|tx| {
            let reason = InterruptionReason::Infection;
            treatments::add_interruption(tx, &ctx, &Scope::All, &e.id, from, to, reason)
        })
    };
    let (pause, events) = audited(&mut conn, |c| {
        add(c, date(2025, 2, 1), Some(date(2025, 2, 15))).unwrap()
    });
    assert_eq!(events, 1);
    assert_eq!(pause.reason, "infection");
    let (refused, events) = audited(&mut conn, |c| {
        [
            add(c, date(2025, 2, 10), Some(date(2025, 3, 1))),
            add(c, date(2025, 1, 20), Some(date(2025, 2, 5))),
            add(c, date(2025, 1, 25), None),
            add(c, date(2024, 12, 20), Some(date(2024, 12, 24))),
        ]
    });
    assert_eq!(events, 0);
    for r in refused {
        assert!(fixtures::invalid_fields(r).contains(&"from".to_owned()));
    }
    let backwards = add(&mut conn, date(2025, 4, 10), Some(date(2025, 4, 1)));
    assert_eq!(fixtures::invalid_fields(backwards), ["to"]);
    add(&mut conn, date(2025, 2, 15), Some(date(2025, 2, 20))).unwrap();
    let listed = treatments::interruptions(&mut conn, &Scope::All, &e.id).unwrap();
    assert_eq!(listed.len(), 2, "back-to-back pauses do not overlap");
    let episode = treatments::load_episode(&mut conn, &Scope::All, &e.id).unwrap();
    assert!(!episode.on_treatment(date(2025, 2, 5)));
    assert!(episode.on_treatment(date(2025, 2, 20)));
    let stop = EpisodeStop {
        date: date(2025, 6, 1),
        reason: StopReason::Other,
    };
    conn.write(|tx| treatments::stop(tx, &ctx, &Scope::All, &e.id, 1, stop, "stopped"))
        .unwrap();
    let after_stop = add(&mut conn, date(2025, 6, 2), None);
    assert_eq!(fixtures::invalid_fields(after_stop), ["from"]);
    let restart_after_stop = add(&mut conn, date(2025, 5, 20), Some(date(2025, 6, 10)));
    assert_eq!(fixtures::invalid_fields(restart_after_stop), ["to"]);
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
