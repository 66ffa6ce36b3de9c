//! Batched creation (`create_many`) for bulk loaders: rows of several patients and centers (one
//! `COPY` on PostgreSQL), one chained audit event per row (built in
//! parallel, chained in order), references checked in bulk as the single-row functions check
//! them.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::catalogue::Drug;
use registry_core::labs::{Analyte, LabResult, Qualitative};
use registry_core::patient::Diagnosis;
use registry_core::store::comorbidities::{self, NewComorbidity};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::patients;
use registry_core::store::treatments::{self, EpisodeStop, NewHistory};
use registry_core::store::vaccinations::{self, NewVaccination};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{Scope, StoreError, audit};
use registry_core::treatment::{Frequency, InterruptionReason, StopReason};
use registry_core::vaccination::VaccineKind;
use registry_tests::fixtures::{self, audited, date, mg};
use registry_tests::{db_test, system_ctx};
use rust_decimal_macros::dec;

db_test!(
    many_visits_are_stored_and_audited_one_event_each_in_order,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let b = fixtures::center(&mut conn, &ctx, "BBB");
        let patients = [
            fixtures::patient(&mut conn, &ctx, &a.id, "a1"),
            fixtures::patient(&mut conn, &ctx, &a.id, "a2"),
            fixtures::patient(&mut conn, &ctx, &b.id, "b1"),
        ];
        // 3 × 320 = 960 visits of three patients in two centers.
        let mut rows = Vec::new();
        for p in &patients {
            for day in 0..320 {
                let visit_date = date(2020, 1, 1) + chrono::Days::new(day * 3);
                let mut row = VisitRow::new(&ctx, &p.center_id, &p.id, visit_date);
                row.weight_kg = Some(format!("{}", 60 + day % 20));
                rows.push(row);
            }
        }
        let before = fixtures::audit_count(&mut conn);
        conn.write(|tx| visits::create_many(tx, &ctx, &rows))
            .unwrap();
        assert_eq!(fixtures::audit_count(&mut conn) - before, 960);
        assert_eq!(visits::count(&mut conn, &Scope::All).unwrap(), 960);
        let stored = visits::for_patient(&mut conn, &Scope::All, &patients[2].id).unwrap();
        assert_eq!(stored.len(), 320);
        assert_eq!(stored[5], rows[640 + 5]);
        let events = fixtures::events_of(&mut conn, &rows[641].id);
        assert_eq!((events.len(), events[0].action.as_str()), (1, "create"));
        assert_eq!(
            events[0].chain,
            audit::chain_for(Some(&b.id), Some(&rows[641].id))
        );
        // A single write after the batch continues each chain.
        fixtures::patient(&mut conn, &ctx, &a.id, "a3");
        let v = audit::verify(&mut conn).unwrap();
        assert!(v.is_intact(), "{v:?}");
    }
);

db_test!(a_batch_with_a_bad_reference_stores_nothing, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
    let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
    let good = VisitRow::new(&ctx, &pa.center_id, &pa.id, date(2024, 1, 1));
    let mut wrong_center = VisitRow::new(&ctx, &a.id, &pb.id, date(2024, 1, 2));
    wrong_center.weight_kg = Some("70".into());
    let result =
        conn.write(|tx| visits::create_many(tx, &ctx, &[good.clone(), wrong_center.clone()]));
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    assert_eq!(visits::count(&mut conn, &Scope::All).unwrap(), 0);

    conn.write(|tx| visits::create_many(tx, &ctx, std::slice::from_ref(&good)))
        .unwrap();
    let hiv =
        LabResult::qualitative(date(2024, 1, 1), Analyte::Hiv, Qualitative::Negative).unwrap();
    let ok = LabRow::from_result(&ctx, &pa.center_id, &pa.id, Some(&good.id), &hiv, &[]).unwrap();
    let other_visit =
        LabRow::from_result(&ctx, &pb.center_id, &pb.id, Some(&good.id), &hiv, &[]).unwrap();
    let before = fixtures::audit_count(&mut conn);
    let result = conn.write(|tx| labs::create_many(tx, &ctx, &[ok.clone(), other_visit]));
    assert_eq!(fixtures::invalid_fields(result), ["visit_id"]);
    assert_eq!(fixtures::audit_count(&mut conn), before, "nothing audited");
    conn.write(|tx| labs::create_many(tx, &ctx, std::slice::from_ref(&ok)))
        .unwrap();
    assert_eq!(
        labs::for_patient(&mut conn, &Scope::All, &pa.id).unwrap(),
        [ok]
    );
});

db_test!(
    many_histories_are_numbered_after_the_stored_episodes_checked_and_audited,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let p1 = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
        let p2 = fixtures::patient(&mut conn, &ctx, &a.id, "a2");
        let mut first = fixtures::new_episode(&a.id, &p1.id, Drug::Baricitinib, date(2020, 1, 1));
        first.stop = Some(EpisodeStop {
            date: date(2020, 12, 31),
            reason: StopReason::PrimaryInefficacy,
        });
        conn.write(|tx| treatments::create(tx, &ctx, first))
            .unwrap();
        let histories = vec![
            // Re-treatment of p1: number 2, tapered (derived) and interrupted.
            NewHistory {
                episode: fixtures::new_episode(&a.id, &p1.id, Drug::Baricitinib, date(2022, 1, 1)),
                dose_changes: vec![(date(2022, 9, 1), mg(dec!(2), Frequency::OnceDaily), None)],
                interruptions: vec![(
                    date(2022, 3, 1),
                    Some(date(2022, 3, 15)),
                    InterruptionReason::Infection,
                )],
            },
            // A first episode of another drug for p1, and p2's first episode.
            NewHistory {
                episode: fixtures::new_episode(&a.id, &p1.id, Drug::Ritlecitinib, date(2024, 1, 1)),
                dose_changes: Vec::new(),
                interruptions: Vec::new(),
            },
            NewHistory {
                episode: fixtures::new_episode(&a.id, &p2.id, Drug::Baricitinib, date(2023, 5, 1)),
                dose_changes: Vec::new(),
                interruptions: Vec::new(),
            },
        ];
        let (stored, events) = audited(&mut conn, |c| {
            c.write(|tx| treatments::create_many(tx, &ctx, histories))
                .unwrap()
        });
        assert_eq!(
            events,
            3 + 1 + 1,
            "every episode, dose change and interruption"
        );
        let numbers: Vec<i32> = stored.iter().map(|(e, _, _)| e.episode_number).collect();
        assert_eq!(numbers, [2, 1, 1]);
        let (retreatment, doses, pauses) = &stored[0];
        assert!(doses[0].is_taper, "2 mg after 4 mg daily is a taper");
        assert_eq!(pauses[0].reason, "infection");
        let episode = treatments::load_episode(&mut conn, &Scope::All, &retreatment.id).unwrap();
        assert!(!episode.on_treatment(date(2022, 3, 5)));
        assert_eq!(
            episode.dose_on(date(2022, 10, 1)).unwrap().dose().amount(),
            dec!(2)
        );
        let all = treatments::for_patient(&mut conn, &Scope::All, &p1.id).unwrap();
        assert_eq!(all.len(), 3);
        let v = audit::verify(&mut conn).unwrap();
        assert!(v.is_intact(), "{v:?}");
    }
);

db_test!(
    a_history_against_the_episode_rules_or_of_another_center_stores_nothing,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let b = fixtures::center(&mut conn, &ctx, "BBB");
        let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
        let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
        let good = NewHistory {
            episode: fixtures::new_episode(&a.id, &pa.id, Drug::Baricitinib, date(2022, 1, 1)),
            dose_changes: Vec::new(),
            interruptions: Vec::new(),
        };
        let before_start = NewHistory {
            interruptions: vec![(date(2021, 12, 1), None, InterruptionReason::Infection)],
            ..good.clone()
        };
        let before = fixtures::audit_count(&mut conn);
        let result =
            conn.write(|tx| treatments::create_many(tx, &ctx, vec![good.clone(), before_start]));
        assert_eq!(
            fixtures::invalid_fields(result),
            ["[1].interruptions[0].from"]
        );
        let mut elsewhere = good.clone();
        elsewhere.episode.patient_id = pb.id.clone();
        let result =
            conn.write(|tx| treatments::create_many(tx, &ctx, vec![good.clone(), elsewhere]));
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        assert_eq!(fixtures::audit_count(&mut conn), before, "nothing audited");
        assert!(
            treatments::for_patient(&mut conn, &Scope::All, &pa.id)
                .unwrap()
                .is_empty()
        );
    }
);

db_test!(
    many_patients_comorbidities_and_vaccinations_are_checked_as_one_by_one,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let news = vec![
            fixtures::new_patient(&a.id, "n1", Diagnosis::Ad),
            fixtures::new_patient(&a.id, "n2", Diagnosis::Aa),
        ];
        let (stored, events) = audited(&mut conn, |c| {
            c.write(|tx| patients::create_many(tx, &ctx, news)).unwrap()
        });
        assert_eq!(events, 2);
        assert_eq!(
            patients::get(&mut conn, &Scope::All, &stored[1].id).unwrap(),
            stored[1]
        );
        let again = vec![
            fixtures::new_patient(&a.id, "n3", Diagnosis::Ad),
            fixtures::new_patient(&a.id, "n1", Diagnosis::Ad),
        ];
        let result = conn.write(|tx| patients::create_many(tx, &ctx, again));
        assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
        assert!(
            patients::by_local_ref(&mut conn, &a.id, "n3")
                .unwrap()
                .is_none(),
            "the whole batch is refused"
        );

        let comorbidity = |year| NewComorbidity {
            center_id: a.id.clone(),
            patient_id: stored[0].id.clone(),
            condition: "asthma".into(),
            onset_year: Some(year),
            active: true,
        };
        let result = conn.write(|tx| {
            comorbidities::create_many(tx, &ctx, vec![comorbidity(2010), comorbidity(1800)])
        });
        assert_eq!(fixtures::invalid_fields(result), ["onset_year"]);
        let vaccination = |dose| NewVaccination {
            center_id: a.id.clone(),
            patient_id: stored[0].id.clone(),
            vaccine: VaccineKind::HerpesZosterRecombinant,
            dose_number: Some(dose),
            date: date(2024, 10, 2),
        };
        let result = conn
            .write(|tx| vaccinations::create_many(tx, &ctx, vec![vaccination(1), vaccination(0)]));
        assert_eq!(fixtures::invalid_fields(result), ["dose_number"]);
        let (rows, events) = audited(&mut conn, |c| {
            c.write(|tx| {
                comorbidities::create_many(tx, &ctx, vec![comorbidity(2010)])?;
                vaccinations::create_many(tx, &ctx, vec![vaccination(1), vaccination(2)])
            })
            .unwrap()
        });
        assert_eq!((rows.len(), events), (2, 3));
        assert_eq!(
            vaccinations::for_patient(&mut conn, &Scope::All, &stored[0].id).unwrap(),
            rows
        );
    }
);
