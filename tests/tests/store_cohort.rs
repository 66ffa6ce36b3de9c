//! Cohort reads from the store: the filter (diagnosis, centers, drugs, episode start, research
//! consent on the data cut), soft-deleted rows, center scope and order; a read issues the same
//! statements however many patients the cohort holds, and sees one snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDate};
use diesel::Connection;
use diesel::connection::InstrumentationEvent;
use registry_core::adverse_event::AdverseEvent;
use registry_core::catalogue::Drug;
use registry_core::labs::Analyte;
use registry_core::patient::Diagnosis;
use registry_core::store::adverse_events::{self, AdverseEventRow};
use registry_core::store::centers::CenterRow;
use registry_core::store::cohort::{self, CohortFilter, CohortRows, Tables};
use registry_core::store::comorbidities::{self, NewComorbidity};
use registry_core::store::labs::{self, LabRecord};
use registry_core::store::patients::{self, NewPatient, PatientRow};
use registry_core::store::treatments::{self, EpisodeRow};
use registry_core::store::vaccinations::{self, NewVaccination};
use registry_core::store::visits::{self, VisitRecord, VisitRow};
use registry_core::store::{Backend, DbConn, Deletion, Scope, StoreError, WriteCtx};
use registry_core::treatment::{Frequency, InterruptionReason};
use registry_core::vaccination::VaccineKind;
use registry_tests::fixtures::{self, date};
use registry_tests::{TestDb, db_test, system_ctx};
use rust_decimal_macros::dec;

/// Rows as the cohort read holds them.
fn records<'a, T: 'a, R: TryFrom<&'a T, Error = StoreError>>(rows: &'a [T]) -> Vec<R> {
    rows.iter().map(|r| R::try_from(r).unwrap()).collect()
}

/// What [`chart`] stored for one patient (visits and labs as the cohort read holds them).
struct Chart {
    patient: PatientRow,
    episode: EpisodeRow,
    /// By date.
    visits: Vec<VisitRecord>,
    /// Hb, then ALAT, both on the first visit's day.
    labs: Vec<LabRecord>,
}

/// Stores `new` with a full chart, in one transaction: an episode of `drug` from `start` with a
/// dose change and an interruption, two visits (the later one entered first), Hb and ALAT on the
/// first visit's day, an adverse event in the episode, a vaccination and a comorbidity.
fn chart(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    new: NewPatient,
    drug: Drug,
    start: NaiveDate,
) -> Chart {
    conn.write(|tx| {
        let diagnosis = new.diagnosis;
        let patient = patients::create(tx, ctx, new)?;
        let (center, id) = (patient.center_id.as_str(), patient.id.as_str());
        let mut new_episode = fixtures::new_episode(center, id, drug, start);
        new_episode.indication = diagnosis;
        let episode = treatments::create(tx, ctx, new_episode)?;
        let day = |n: u64| start + Days::new(n);
        let lower = fixtures::mg(dec!(2), Frequency::OnceDaily);
        treatments::add_dose_change(tx, ctx, &Scope::All, &episode.id, day(30), lower, None)?;
        let reason = InterruptionReason::Infection;
        treatments::add_interruption(
            tx,
            ctx,
            &Scope::All,
            &episode.id,
            day(60),
            Some(day(70)),
            reason,
        )?;
        let later = visits::create(tx, ctx, VisitRow::new(ctx, center, id, day(90)))?;
        let first = visits::create(tx, ctx, VisitRow::new(ctx, center, id, day(14)))?;
        let hb = (day(14), dec!(8.0), "g/dL");
        let hb = labs::create(
            tx,
            ctx,
            fixtures::lab_row(ctx, &patient, Analyte::Hb, hb, None),
        )?;
        let alat = (day(14), dec!(30), "U/L");
        let alat = fixtures::lab_row(ctx, &patient, Analyte::Alat, alat, Some(dec!(45)));
        let alat = labs::create(tx, ctx, alat)?;
        let input = fixtures::adverse_event_input("hoofdpijn", &day(20).to_string());
        let event = AdverseEvent::parse(&input).unwrap();
        let event =
            AdverseEventRow::from_event(ctx, center, id, None, Some(&episode.id), &event, &[])?;
        adverse_events::create(tx, ctx, event)?;
        let vaccination = NewVaccination {
            center_id: center.to_owned(),
            patient_id: id.to_owned(),
            vaccine: VaccineKind::HerpesZosterRecombinant,
            dose_number: Some(1),
            date: day(5),
        };
        vaccinations::create(tx, ctx, vaccination)?;
        let comorbidity = NewComorbidity {
            center_id: center.to_owned(),
            patient_id: id.to_owned(),
            condition: "asthma".into(),
            onset_year: Some(2001),
            active: true,
        };
        comorbidities::create(tx, ctx, comorbidity)?;
        Ok::<_, StoreError>(Chart {
            patient,
            episode,
            visits: records(&[first, later]),
            labs: records(&[hb, alat]),
        })
    })
    .unwrap()
}

/// An AA patient of `center_id` with research consent since 2025-01-10.
fn aa(center_id: &str, local_ref: &str) -> NewPatient {
    fixtures::new_patient(center_id, local_ref, Diagnosis::Aa)
}

fn read(conn: &mut DbConn, filter: &CohortFilter) -> CohortRows {
    cohort::read(conn, None, &Scope::All, filter).unwrap()
}

/// The local references of the cohort's patients, in order.
fn refs(rows: &CohortRows) -> Vec<&str> {
    rows.patients
        .iter()
        .map(|r| r.patient.local_ref.as_str())
        .collect()
}

db_test!(a_cohort_holds_every_record_of_its_patients, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let first = chart(
        &mut conn,
        &ctx,
        aa(&b.id, "b1"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    let ad = fixtures::new_patient(&a.id, "a1", Diagnosis::Ad);
    chart(&mut conn, &ctx, ad, Drug::Dupilumab, date(2025, 2, 1));
    let bare = fixtures::patient(&mut conn, &ctx, &a.id, "a2");
    // An earlier episode entered after a later one comes first.
    let earlier = fixtures::episode(
        &mut conn,
        &ctx,
        &first.patient,
        Drug::Ritlecitinib,
        date(2024, 6, 1),
    );

    let rows = read(&mut conn, &CohortFilter::default());
    let codes: Vec<&str> = rows.centers.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["AAA", "BBB"]);
    assert_eq!(refs(&rows), ["b1", "a1", "a2"], "by id: creation order");
    assert_eq!(rows.excluded_without_consent, 0);
    let r = &rows.patients[0];
    assert_eq!(
        (r.center_code.as_str(), &r.patient),
        ("BBB", &first.patient)
    );
    let episodes: Vec<&str> = r.episodes.iter().map(|e| e.0.id.as_str()).collect();
    assert_eq!(episodes, [earlier.id.as_str(), first.episode.id.as_str()]);
    assert_eq!((r.episodes[1].1.len(), r.episodes[1].2.len()), (1, 1));
    assert_eq!(r.visits, first.visits, "by date, not as entered");
    assert_eq!(r.labs, first.labs, "one day: as entered");
    assert_eq!(
        (
            r.adverse_events.len(),
            r.vaccinations.len(),
            r.comorbidities.len()
        ),
        (1, 1, 1)
    );
    let empty = &rows.patients[2];
    assert_eq!((empty.center_code.as_str(), &empty.patient), ("AAA", &bare));
    assert!(empty.episodes.is_empty() && empty.visits.is_empty() && empty.labs.is_empty());

    // Every list holds exactly what the per-patient reads return, in their order.
    let all = Scope::All;
    for r in &rows.patients {
        let id = r.patient.id.as_str();
        let stored: Vec<EpisodeRow> = r.episodes.iter().map(|e| e.0.clone()).collect();
        assert_eq!(
            stored,
            treatments::for_patient(&mut conn, &all, id).unwrap()
        );
        for (episode, doses, pauses) in &r.episodes {
            let e = episode.id.as_str();
            assert_eq!(
                doses,
                &treatments::dose_changes(&mut conn, &all, e).unwrap()
            );
            assert_eq!(
                pauses,
                &treatments::interruptions(&mut conn, &all, e).unwrap()
            );
        }
        let stored = visits::for_patient(&mut conn, &all, id).unwrap();
        assert_eq!(r.visits, records::<_, VisitRecord>(&stored));
        let stored = labs::for_patient(&mut conn, &all, id).unwrap();
        assert_eq!(r.labs, records::<_, LabRecord>(&stored));
        let events = adverse_events::for_patient(&mut conn, &all, id).unwrap();
        assert_eq!(r.adverse_events, events);
        let given = vaccinations::for_patient(&mut conn, &all, id).unwrap();
        assert_eq!(r.vaccinations, given);
        let conditions = comorbidities::for_patient(&mut conn, &all, id).unwrap();
        assert_eq!(r.comorbidities, conditions);
    }
    assert_eq!(
        read(&mut conn, &CohortFilter::default()),
        rows,
        "the same again"
    );
});

db_test!(
    the_filter_selects_by_diagnosis_center_drug_and_start,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let b = fixtures::center(&mut conn, &ctx, "BBB");
        let a1 = chart(
            &mut conn,
            &ctx,
            aa(&a.id, "a1"),
            Drug::Baricitinib,
            date(2024, 3, 1),
        );
        fixtures::episode(
            &mut conn,
            &ctx,
            &a1.patient,
            Drug::Ritlecitinib,
            date(2025, 5, 1),
        );
        let ad =
            |center: &str, local_ref: &str| fixtures::new_patient(center, local_ref, Diagnosis::Ad);
        chart(
            &mut conn,
            &ctx,
            ad(&a.id, "a2"),
            Drug::Dupilumab,
            date(2025, 6, 1),
        );
        chart(
            &mut conn,
            &ctx,
            aa(&b.id, "b1"),
            Drug::Ritlecitinib,
            date(2025, 1, 15),
        );
        chart(
            &mut conn,
            &ctx,
            ad(&b.id, "b2"),
            Drug::Upadacitinib,
            date(2024, 12, 31),
        );
        let cases = [
            (
                CohortFilter {
                    diagnosis: Some(Diagnosis::Aa),
                    ..Default::default()
                },
                vec!["a1", "b1"],
            ),
            (
                CohortFilter {
                    diagnosis: Some(Diagnosis::Ad),
                    ..Default::default()
                },
                vec!["a2", "b2"],
            ),
            (
                CohortFilter {
                    center_ids: vec![b.id.clone()],
                    ..Default::default()
                },
                vec!["b1", "b2"],
            ),
            (
                CohortFilter {
                    drugs: vec!["ritlecitinib".into()],
                    ..Default::default()
                },
                vec!["a1", "b1"],
            ),
            (
                CohortFilter {
                    started_from: Some(date(2025, 1, 1)),
                    ..Default::default()
                },
                vec!["a1", "a2", "b1"],
            ),
            (
                CohortFilter {
                    started_to: Some(date(2024, 12, 31)),
                    ..Default::default()
                },
                vec!["a1", "b2"],
            ),
            (
                CohortFilter {
                    started_from: Some(date(2025, 1, 15)),
                    started_to: Some(date(2025, 6, 1)),
                    ..Default::default()
                },
                vec!["a1", "a2", "b1"],
            ),
            (
                CohortFilter {
                    started_from: Some(date(2025, 1, 16)),
                    started_to: Some(date(2025, 5, 31)),
                    ..Default::default()
                },
                vec!["a1"],
            ),
            (
                CohortFilter {
                    drugs: vec!["dupilumab".into(), "upadacitinib".into()],
                    started_from: Some(date(2025, 1, 1)),
                    ..Default::default()
                },
                vec!["a2"],
            ),
            (
                CohortFilter {
                    diagnosis: Some(Diagnosis::Aa),
                    drugs: vec!["baricitinib".into()],
                    started_from: Some(date(2025, 1, 1)),
                    ..Default::default()
                },
                vec![],
            ),
        ];
        for (filter, expected) in &cases {
            assert_eq!(&refs(&read(&mut conn, filter)), expected, "{filter:?}");
        }
        let only_b = read(&mut conn, &cases[2].0);
        let codes: Vec<&str> = only_b.centers.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["BBB"]);
        // A patient is selected by one episode and read with all of them.
        let ritlecitinib = read(&mut conn, &cases[3].0);
        assert_eq!(ritlecitinib.patients[0].episodes.len(), 2);
    }
);

db_test!(
    patients_without_consent_on_the_cut_are_counted_not_read,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let c = fixtures::center(&mut conn, &ctx, "UMCU");
        let cut = date(2025, 6, 30);
        let with =
            |local_ref: &str, research: bool, given: Option<NaiveDate>, withdrawn| NewPatient {
                consent_research: research,
                consent_date: given,
                consent_withdrawn_on: withdrawn,
                ..aa(&c.id, local_ref)
            };
        let patients = [
            with("given", true, Some(date(2025, 1, 10)), None),
            with("given_on_cut", true, Some(cut), None),
            with("given_after", true, Some(date(2025, 7, 1)), None),
            with("refused", false, None, None),
            with("undated", true, None, None),
            with(
                "withdrawn_before",
                true,
                Some(date(2025, 1, 10)),
                Some(date(2025, 3, 1)),
            ),
            with("withdrawn_on_cut", true, Some(date(2025, 1, 10)), Some(cut)),
            with(
                "withdrawn_after",
                true,
                Some(date(2025, 1, 10)),
                Some(date(2025, 7, 15)),
            ),
        ];
        for new in patients {
            chart(&mut conn, &ctx, new, Drug::Baricitinib, date(2025, 2, 1));
        }
        let other = NewPatient {
            consent_research: false,
            ..fixtures::new_patient(&c.id, "ad_refused", Diagnosis::Ad)
        };
        chart(&mut conn, &ctx, other, Drug::Dupilumab, date(2025, 2, 1));

        let filter = CohortFilter {
            diagnosis: Some(Diagnosis::Aa),
            consent_on: Some(cut),
            ..Default::default()
        };
        let rows = read(&mut conn, &filter);
        assert_eq!(refs(&rows), ["given", "given_on_cut", "withdrawn_after"]);
        assert_eq!(
            rows.excluded_without_consent, 5,
            "AA patients only: the AD patient fails the diagnosis too"
        );
        for r in &rows.patients {
            assert_eq!(r.visits.len(), 2, "{}", r.patient.local_ref);
        }
        let everyone = read(&mut conn, &CohortFilter::default());
        assert_eq!(
            (everyone.patients.len(), everyone.excluded_without_consent),
            (9, 0)
        );
    }
);

db_test!(deleted_rows_never_appear, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let kept = chart(
        &mut conn,
        &ctx,
        aa(&c.id, "kept"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    let gone = chart(
        &mut conn,
        &ctx,
        aa(&c.id, "gone"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    let stopped = chart(
        &mut conn,
        &ctx,
        aa(&c.id, "other"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    let dropped = fixtures::episode(
        &mut conn,
        &ctx,
        &kept.patient,
        Drug::Ritlecitinib,
        date(2025, 3, 1),
    );
    let reduced = fixtures::mg(dec!(2), Frequency::OnceDaily);
    conn.write(|tx| {
        let all = &Scope::All;
        let on = date(2025, 4, 1);
        treatments::add_dose_change(tx, &ctx, all, &dropped.id, on, reduced, None)?;
        let deletion = Deletion {
            expected_version: 1,
            reason: "entered in error".into(),
        };
        patients::delete(tx, &ctx, all, &gone.patient.id, &deletion)?;
        treatments::delete(tx, &ctx, all, &dropped.id, &deletion)?;
        treatments::delete(tx, &ctx, all, &stopped.episode.id, &deletion)?;
        visits::delete(tx, &ctx, all, &kept.visits[1].id.to_string(), &deletion)?;
        labs::delete(tx, &ctx, all, &kept.labs[0].id.to_string(), &deletion)
    })
    .unwrap();

    let rows = read(&mut conn, &CohortFilter::default());
    assert_eq!(refs(&rows), ["kept", "other"]);
    let r = &rows.patients[0];
    let episodes: Vec<&str> = r.episodes.iter().map(|e| e.0.id.as_str()).collect();
    assert_eq!(
        episodes,
        [kept.episode.id.as_str()],
        "the deleted episode left"
    );
    assert_eq!(
        r.episodes[0].1.len(),
        1,
        "only the kept episode's dose change"
    );
    assert_eq!(r.visits, kept.visits[..1]);
    assert_eq!(r.labs, kept.labs[1..]);
    assert!(rows.patients[1].episodes.is_empty());
    let only_deleted = CohortFilter {
        drugs: vec!["ritlecitinib".into()],
        ..Default::default()
    };
    assert!(
        read(&mut conn, &only_deleted).patients.is_empty(),
        "a deleted episode selects nobody"
    );
    let baricitinib = CohortFilter {
        drugs: vec!["baricitinib".into()],
        ..Default::default()
    };
    assert_eq!(refs(&read(&mut conn, &baricitinib)), ["kept"]);
});

db_test!(a_center_scope_reads_only_its_center, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    chart(
        &mut conn,
        &ctx,
        aa(&a.id, "a1"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    chart(
        &mut conn,
        &ctx,
        aa(&b.id, "b1"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    let scope = Scope::Center(a.id.clone());
    let rows = cohort::read(&mut conn, None, &scope, &CohortFilter::default()).unwrap();
    assert_eq!(refs(&rows), ["a1"]);
    assert_eq!(rows.centers.len(), 1);
    assert_eq!(rows.centers[0].id, a.id);
    let r = &rows.patients[0];
    assert_eq!(r.patient.center_id, a.id);
    assert!(r.visits.iter().all(|v| v.patient_id == r.patient.id));
    assert!(r.labs.iter().all(|l| l.patient_id == r.patient.id));
    let other = CohortFilter {
        center_ids: vec![b.id.clone()],
        ..Default::default()
    };
    let rows = cohort::read(&mut conn, None, &scope, &other).unwrap();
    assert!(rows.patients.is_empty() && rows.centers.is_empty());
});

/// The cohort `filter` selects and the number of statements its read sent.
fn counted(db: &TestDb, filter: &CohortFilter) -> (CohortRows, usize) {
    let mut conn = db.conn();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            seen.fetch_add(1, Ordering::Relaxed);
        }
    });
    let rows = read(&mut conn, filter);
    (rows, count.load(Ordering::Relaxed))
}

db_test!(the_statements_do_not_grow_with_the_cohort, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let everyone = CohortFilter::default();
    let narrow = CohortFilter {
        diagnosis: Some(Diagnosis::Aa),
        drugs: vec!["baricitinib".into()],
        started_from: Some(date(2025, 1, 1)),
        consent_on: Some(date(2026, 1, 1)),
        ..Default::default()
    };
    let add = |conn: &mut DbConn, from: usize, to: usize| {
        for k in from..to {
            let center = if k % 2 == 0 { &a.id } else { &b.id };
            let start = date(2025, 1, 1) + Days::new(k as u64);
            chart(
                conn,
                &ctx,
                aa(center, &format!("p{k}")),
                Drug::Baricitinib,
                start,
            );
        }
    };
    add(&mut conn, 0, 3);
    let (small, few) = counted(&db, &everyone);
    let (small_narrow, few_narrow) = counted(&db, &narrow);
    add(&mut conn, 3, 40);
    let (large, many) = counted(&db, &everyone);
    let (large_narrow, many_narrow) = counted(&db, &narrow);
    assert_eq!((small.patients.len(), large.patients.len()), (3, 40));
    assert_eq!(
        (small_narrow.patients.len(), large_narrow.patients.len()),
        (3, 40)
    );
    assert_eq!(
        large.patients.iter().map(|r| r.visits.len()).sum::<usize>(),
        80
    );
    assert_eq!(few, many, "3 or 40 patients: the same statements");
    assert_eq!(few_narrow, many_narrow);
    // The transaction's begin and end, the centers, the patients, eight tables and (with a data
    // cut) the count of patients without consent.
    assert!(
        few <= 12 && few_narrow <= 13,
        "{few} and {few_narrow} statements"
    );
});

/// Reads the cohort with `read` while, right after the read's first query, another connection
/// commits a new visit and a new lab result of `patient` and a new patient `late_ref` of its
/// center; returns what the read saw and the ids of the new visit, patient and lab result.
fn read_while_writing(
    db: &TestDb,
    patient: &PatientRow,
    late_ref: &str,
    read: impl FnOnce(&mut DbConn) -> CohortRows,
) -> (CohortRows, String, String, String) {
    let mut conn = db.conn();
    let written: Arc<Mutex<Option<(String, String, String)>>> = Arc::default();
    let out = Arc::clone(&written);
    let mut writer = Some((db.conn(), patient.clone(), late_ref.to_owned()));
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        let InstrumentationEvent::FinishQuery { query, .. } = event else {
            return;
        };
        // The first read, not the BEGIN: both backends take the snapshot at the first read.
        if !query.to_string().trim_start().starts_with("SELECT") {
            return;
        }
        let Some((mut other, patient, late_ref)) = writer.take() else {
            return;
        };
        let ctx = system_ctx();
        let (c, p) = (patient.center_id.as_str(), patient.id.as_str());
        let ids = other
            .write(|tx| {
                let visit = VisitRow::new(&ctx, c, p, date(2026, 1, 5));
                let visit = visits::create(tx, &ctx, visit)?;
                let hb = (date(2026, 1, 5), dec!(13.1), "g/dL");
                let lab = fixtures::lab_row(&ctx, &patient, Analyte::Hb, hb, None);
                let lab = labs::create(tx, &ctx, lab)?;
                let late = fixtures::new_patient(c, &late_ref, Diagnosis::Aa);
                let late = patients::create(tx, &ctx, late)?;
                Ok::<_, StoreError>((visit.id, late.id, lab.id))
            })
            .unwrap();
        *out.lock().unwrap() = Some(ids);
    });
    let rows = read(&mut conn);
    let (visit, late, lab) = written
        .lock()
        .unwrap()
        .clone()
        .expect("the write ran during the read");
    (rows, visit, late, lab)
}

/// Counts the statements on `conn` that read lab results.
fn counting_lab_reads(conn: &mut DbConn) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::FinishQuery { query, .. } = event
            && query.to_string().contains("lab_results")
        {
            seen.fetch_add(1, Ordering::Relaxed);
        }
    });
    count
}

/// Five charted patients, three in UMCU and two in EMC (returned).
fn five_charts_in_two_centers(conn: &mut DbConn) -> CenterRow {
    let ctx = system_ctx();
    let (a, b) = (
        fixtures::center(conn, &ctx, "UMCU"),
        fixtures::center(conn, &ctx, "EMC"),
    );
    for (k, c) in [&a, &b, &a, &b, &a].into_iter().enumerate() {
        let start = date(2024, 1 + k as u32, 1);
        chart(
            conn,
            &ctx,
            aa(&c.id, &format!("p{k}")),
            Drug::Baricitinib,
            start,
        );
    }
    b
}

db_test!(a_read_on_two_connections_is_the_read_on_one, |db| {
    let mut conn = db.conn();
    let b = five_charts_in_two_centers(&mut conn);
    for scope in [Scope::All, Scope::Center(b.id.clone())] {
        let alone = cohort::read(&mut conn, None, &scope, &CohortFilter::default()).unwrap();
        let mut helper = db.conn();
        let lab_reads = counting_lab_reads(&mut helper);
        let beside = cohort::read(
            &mut conn,
            Some(&mut helper),
            &scope,
            &CohortFilter::default(),
        )
        .unwrap();
        assert_eq!(
            lab_reads.load(Ordering::Relaxed),
            1,
            "the helper read the labs"
        );
        assert_eq!(beside, alone);
        assert!(beside.patients.iter().all(|r| r.labs.len() == 2));
    }
});

/// `rows` as a read of `tables` holds it: the lists of the other tables emptied.
fn only(mut rows: CohortRows, tables: Tables) -> CohortRows {
    for r in &mut rows.patients {
        if !tables.visits {
            r.visits.clear();
        }
        if !tables.labs {
            r.labs.clear();
        }
        if !tables.adverse_events {
            r.adverse_events.clear();
        }
        if !tables.vaccinations {
            r.vaccinations.clear();
        }
        if !tables.comorbidities {
            r.comorbidities.clear();
        }
    }
    rows.tables = tables;
    rows
}

/// Lab results and adverse events, no visits (what the safety report reads).
const LABS_AND_EVENTS: Tables = Tables {
    visits: false,
    labs: true,
    adverse_events: true,
    vaccinations: false,
    comorbidities: false,
};

db_test!(
    a_read_of_some_tables_is_the_full_read_without_the_others,
    |db| {
        let mut conn = db.conn();
        let b = five_charts_in_two_centers(&mut conn);
        let visits_and_labs = Tables {
            adverse_events: false,
            vaccinations: false,
            comorbidities: false,
            ..Tables::ALL
        };
        let none = Tables {
            visits: false,
            labs: false,
            ..visits_and_labs
        };
        for scope in [Scope::All, Scope::Center(b.id.clone())] {
            let full = cohort::read(&mut conn, None, &scope, &CohortFilter::default()).unwrap();
            assert_eq!(full.tables, Tables::ALL);
            for tables in [LABS_AND_EVENTS, visits_and_labs, none] {
                let expected = only(full.clone(), tables);
                let alone =
                    cohort::read_tables(&mut conn, None, &scope, &CohortFilter::default(), tables)
                        .unwrap();
                assert_eq!(alone, expected, "{tables:?} on one connection");

                let mut helper = db.conn();
                let (by_helper, by_conn) = (
                    counting_lab_reads(&mut helper),
                    counting_lab_reads(&mut conn),
                );
                let beside = cohort::read_tables(
                    &mut conn,
                    Some(&mut helper),
                    &scope,
                    &CohortFilter::default(),
                    tables,
                )
                .unwrap();
                assert_eq!(beside, expected, "{tables:?} on two connections");
                // Without visits the lab results are split between the two connections; with them
                // the helper reads them all; without lab results nobody does.
                let reads = (
                    by_helper.load(Ordering::Relaxed),
                    by_conn.load(Ordering::Relaxed),
                );
                match (tables.labs, tables.visits) {
                    (true, false) => assert_eq!(reads, (1, 1), "{tables:?}"),
                    (true, true) => assert_eq!(reads, (1, 0), "{tables:?}"),
                    (false, _) => assert_eq!(reads, (0, 0), "{tables:?}"),
                }
                conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
            }
            assert!(full.patients.iter().all(|r| r.labs.len() == 2));
            assert!(full.patients.iter().all(|r| r.adverse_events.len() == 1));
        }
    }
);

/// Two patients read on two connections (`tables`) while a visit and a lab result of the first
/// and a new patient are committed — after the first connection's first read (which fixes its
/// snapshot) and before the helper begins: none of them is in the read, in either connection's
/// part, and a read afterwards has them all.
fn writes_during_a_read_on_two_connections(db: &TestDb, tables: Tables) {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let charts = [("p1", date(2025, 1, 1)), ("p2", date(2025, 2, 1))]
        .map(|(r, start)| chart(&mut conn, &ctx, aa(&c.id, r), Drug::Baricitinib, start));
    let everyone = CohortFilter::default();
    let mut helper = db.conn();
    let lab_reads = counting_lab_reads(&mut helper);
    let (during, visit, late, lab) = read_while_writing(db, &charts[0].patient, "late", |conn| {
        cohort::read_tables(conn, Some(&mut helper), &Scope::All, &everyone, tables).unwrap()
    });
    assert_eq!(
        refs(&during),
        ["p1", "p2"],
        "not the patient added meanwhile"
    );
    for (read, chart) in during.patients.iter().zip(&charts) {
        assert_eq!(read.labs, chart.labs, "nor the lab result");
        let visits = if tables.visits {
            &chart.visits[..]
        } else {
            &[]
        };
        assert_eq!(read.visits, visits, "nor the visit");
    }
    match db.backend() {
        // The helper imported the first connection's snapshot and read the labs (or its half of
        // them, without visits) in it.
        Backend::Postgres => assert_eq!(lab_reads.load(Ordering::Relaxed), 1),
        // The helper saw a later audit trail and left the labs to the first connection.
        Backend::Sqlite => assert_eq!(lab_reads.load(Ordering::Relaxed), 0),
    }

    let after =
        cohort::read_tables(&mut conn, Some(&mut helper), &Scope::All, &everyone, tables).unwrap();
    assert_eq!(refs(&after), ["p1", "p2", "late"]);
    assert_eq!(after.patients[2].patient.id, late);
    assert_eq!(after.patients[0].labs.len(), charts[0].labs.len() + 1);
    assert!(after.patients[0].labs.iter().any(|l| l.id == lab));
    assert_eq!(after.patients[1].labs, charts[1].labs);
    assert_eq!(
        after.patients[0].visits.iter().any(|v| v.id == visit),
        tables.visits
    );
}

db_test!(
    writes_committed_while_two_connections_read_are_in_neither,
    |db| { writes_during_a_read_on_two_connections(&db, Tables::ALL) }
);

db_test!(
    writes_committed_while_two_connections_split_the_lab_results_are_in_neither,
    |db| { writes_during_a_read_on_two_connections(&db, LABS_AND_EVENTS) }
);

db_test!(writes_committed_during_a_read_are_not_in_it, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let first = chart(
        &mut conn,
        &ctx,
        aa(&c.id, "p1"),
        Drug::Baricitinib,
        date(2025, 1, 1),
    );
    let everyone = CohortFilter::default();
    let (during, visit, late, _) =
        read_while_writing(&db, &first.patient, "late", |conn| read(conn, &everyone));
    assert_eq!(refs(&during), ["p1"], "not the patient added meanwhile");
    assert_eq!(during.patients[0].visits, first.visits, "nor the visit");

    let after = read(&mut conn, &everyone);
    assert_eq!(refs(&after), ["p1", "late"]);
    assert_eq!(after.patients[1].patient.id, late);
    assert!(after.patients[0].visits.iter().any(|v| v.id == visit));

    // The same reads outside a snapshot see the write: the test above can tell the difference.
    let late = &after.patients[1].patient;
    let (unguarded, visit, _, _) = read_while_writing(&db, late, "later", |conn| {
        cohort::read_in_snapshot(conn, &Scope::All, &everyone).unwrap()
    });
    assert_eq!(refs(&unguarded), ["p1", "late", "later"]);
    assert!(unguarded.patients[1].visits.iter().any(|v| v.id == visit));
});
