//! The privacy of a research release (CLINICAL.md §7) on both backends: the privacy officer's
//! scan of every file of the zip for every identifier, free text and date the database holds;
//! k-anonymity on a cohort built to need suppression; research consent.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeSet;

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;
use diesel::prelude::*;
use registry_core::catalogue::Drug;
use registry_core::patient::{Diagnosis, Sex};
use registry_core::role::Role;
use registry_core::store::cohort::{self, CohortFilter};
use registry_core::store::schema::users;
use registry_core::store::{Scope, centers, patients};
use registry_tests::fixtures::{self, date, new_patient};
use registry_tests::release::{demo_cohort, demo_cut, key, request, write};
use registry_tests::{TestDb, db_test, system_ctx};
use serde_json::json;

/// Every identifier, free text and date the database holds, as the privacy officer would list
/// them: (what, text to look for).
fn held(db: &TestDb) -> Vec<(String, String)> {
    let mut conn = db.conn();
    let rows = cohort::read(&mut conn, None, &Scope::All, &CohortFilter::default()).unwrap();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut dates: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut codes: BTreeSet<String> = BTreeSet::new();
    let mut push = |what: &str, text: &str| out.push((what.to_owned(), text.to_owned()));
    for c in &rows.centers {
        push("center id", &c.id);
        push("center name", &c.name);
        if c.code.len() >= 4 {
            push("center code", &c.code);
        }
    }
    for (id, email) in users::table
        .select((users::id, users::email))
        .load::<(String, String)>(&mut conn)
        .unwrap()
    {
        push("user id", &id);
        push("e-mail", &email);
    }
    for r in &rows.patients {
        let p = &r.patient;
        push("patient id", &p.id);
        push("local reference", &p.local_ref);
        push("creator", &p.created_by);
        if let Some(i) = &p.import_id {
            push("import id", i);
        }
        dates.extend(
            [p.consent_date, p.consent_withdrawn_on, p.aa_episode_start]
                .into_iter()
                .flatten(),
        );
        dates.insert(p.created_at.date());
        for (e, doses, interruptions) in &r.episodes {
            push("episode id", &e.id);
            dates.insert(e.start_date);
            dates.extend(e.stop_date);
            dates.insert(e.created_at.date());
            for d in doses {
                push("dose change id", &d.id);
                dates.insert(d.effective_date);
            }
            for i in interruptions {
                push("interruption id", &i.id);
                dates.insert(i.from_date);
                dates.extend(i.to_date);
            }
        }
        for v in &r.visits {
            push("visit id", &v.id.to_string());
            dates.insert(v.visit_date);
        }
        for l in &r.labs {
            push("lab id", &l.id.to_string());
            dates.insert(l.sample_date);
        }
        for a in &r.adverse_events {
            push("adverse event id", &a.id);
            dates.insert(a.onset_date);
            dates.extend(a.end_date);
            let categories: Vec<String> =
                serde_json::from_str(a.category.as_deref().unwrap_or("[]")).unwrap_or_default();
            codes.extend(categories);
            push("verbatim term", &a.term);
            if let Some(t) = &a.meddra_term {
                push("MedDRA term name", t);
            }
        }
        for v in &r.vaccinations {
            push("vaccination id", &v.id);
        }
        for c in &r.comorbidities {
            push("comorbidity id", &c.id);
        }
    }
    // A verbatim term that is also a category code ("acne") is that code in the release.
    out.retain(|(what, text)| !(what.contains("term") && codes.contains(text)));
    for d in dates {
        for format in ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"] {
            out.push(("date".into(), d.format(format).to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What of `identifiers` occurs in `bytes` (one pass over the bytes for all of them).
fn occurrences(
    scanner: &AhoCorasick,
    identifiers: &[(String, String)],
    bytes: &[u8],
) -> BTreeSet<usize> {
    scanner
        .find_overlapping_iter(bytes)
        .map(|m| m.pattern().as_usize())
        .filter(|&i| !identifiers[i].1.is_empty())
        .collect()
}

/// True when `text` holds something shaped like a calendar date (YYYY-MM-DD, DD-MM-YYYY,
/// YYYY/MM/DD, DD/MM/YYYY).
fn date_shaped(text: &[u8]) -> Option<String> {
    let digit = |b: u8| b.is_ascii_digit();
    for w in text.windows(10) {
        let sep = |i: usize| w[i] == b'-' || w[i] == b'/';
        let ymd = w[..4].iter().all(|&b| digit(b))
            && sep(4)
            && digit(w[5])
            && digit(w[6])
            && sep(7)
            && digit(w[8])
            && digit(w[9]);
        let dmy = digit(w[0])
            && digit(w[1])
            && sep(2)
            && digit(w[3])
            && digit(w[4])
            && sep(5)
            && w[6..].iter().all(|&b| digit(b));
        if ymd || dmy {
            return Some(String::from_utf8_lossy(w).into_owned());
        }
    }
    None
}

db_test!(
    the_privacy_officer_finds_no_identifier_free_text_or_date_in_any_file,
    |db| {
        let mut conn = db.conn();
        demo_cohort(&mut conn, 150, 21);
        let ctx = system_ctx();
        let center = centers::list(&mut conn).unwrap().remove(0);
        fixtures::user(
            &mut conn,
            &ctx,
            "researcher.one@registry.example",
            Role::Researcher,
            None,
        );
        fixtures::user(
            &mut conn,
            &ctx,
            "data.manager@registry.example",
            Role::Center,
            Some(&center.id),
        );

        // k = 2, the least allowed, so as much as possible is released and scanned.
        let r = write(&mut conn, &request(json!({}), 2, Some(key(1)), demo_cut()));
        assert!(r.summary.counts["visits"] > 200 && r.summary.counts["adverse_events"] > 10);
        assert!(r.summary.counts["labs"] > 100);
        let identifiers = held(&db);
        assert!(identifiers.iter().any(|(w, _)| w == "verbatim term"));
        assert!(identifiers.iter().any(|(w, _)| w == "e-mail"));
        assert!(identifiers.iter().filter(|(w, _)| w == "date").count() > 1000);
        let scanner =
            AhoCorasick::new(identifiers.iter().map(|(_, text)| text.as_bytes())).unwrap();
        let mut found = Vec::new();
        for (name, bytes) in r
            .files
            .iter()
            .chain([(&"the zip itself".to_owned(), &r.zip)])
        {
            for i in occurrences(&scanner, &identifiers, bytes) {
                let (what, text) = &identifiers[i];
                found.push(format!("{name}: {what} {text:?}"));
            }
            if name != "the zip itself"
                && let Some(d) = date_shaped(bytes)
            {
                found.push(format!("{name}: something shaped like a date {d:?}"));
            }
        }
        assert!(
            found.is_empty(),
            "{} findings:\n{}",
            found.len(),
            found.join("\n")
        );
        // The scanner finds what it looks for.
        let planted = format!("x,{},y", identifiers[0].1);
        assert!(!occurrences(&scanner, &identifiers, planted.as_bytes()).is_empty());
    }
);

/// Creates a consented patient (born March 1990, AA, baricitinib from 2025-02-01) with `sex`
/// in `center`.
fn patient(db: &TestDb, center: &str, local_ref: &str, sex: Sex) -> String {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let mut new = new_patient(center, local_ref, Diagnosis::Aa);
    new.sex = sex;
    let p = conn.write(|tx| patients::create(tx, &ctx, new)).unwrap();
    fixtures::episode(&mut conn, &ctx, &p, Drug::Baricitinib, date(2025, 2, 1));
    p.id
}

db_test!(classes_smaller_than_k_are_suppressed_whole, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "KANON-A");
    let b = fixtures::center(&mut conn, &ctx, "KANON-B");
    for i in 0..6 {
        patient(&db, &a.id, &format!("A-F-{i}"), Sex::Female);
    }
    for i in 0..2 {
        patient(&db, &a.id, &format!("A-M-{i}"), Sex::Male);
    }
    patient(&db, &b.id, "B-F-0", Sex::Female);
    let cut = date(2026, 6, 30);

    let five = write(&mut conn, &request(json!({}), 5, Some(key(2)), cut));
    let m = five.manifest();
    assert_eq!(m["k_asked"], 5);
    assert_eq!(m["k_reached"], 6);
    assert_eq!(m["patients"]["in_cohort"], 9);
    assert_eq!(m["patients"]["released"], 6);
    assert_eq!(m["patients"]["suppressed_below_k"], 3);
    assert_eq!(five.summary.patients_suppressed, 3);
    assert_eq!(m["rows_suppressed"]["patients_below_k"], 3);
    assert_eq!(m["rows_suppressed"]["episodes_of_patients_below_k"], 3);
    assert_eq!(five.column("patients", "sex"), vec!["female"; 6]);
    assert_eq!(five.column("patients", "center_group"), vec!["C01"; 6]);
    assert_eq!(five.column("patients", "age_band"), vec!["30-34"; 6]);
    assert_eq!(
        five.csv("episodes").len() - 1,
        6,
        "the suppressed patients' episodes are gone"
    );
    let released: BTreeSet<String> = five.column("patients", "pseudonym").into_iter().collect();
    assert!(
        five.column("episodes", "pseudonym")
            .iter()
            .all(|p| released.contains(p))
    );

    let two = write(&mut conn, &request(json!({}), 2, Some(key(2)), cut));
    let m = two.manifest();
    assert_eq!(
        (m["k_reached"].clone(), m["patients"]["released"].clone()),
        (json!(2), json!(8))
    );
    let one_left = two.column("patients", "pseudonym");
    assert!(
        released.iter().all(|p| one_left.contains(p)),
        "the same key, the same pseudonyms"
    );
    let groups: BTreeSet<String> = two.column("patients", "center_group").into_iter().collect();
    assert_eq!(
        groups,
        BTreeSet::from(["C01".to_owned()]),
        "center B's only patient is suppressed"
    );

    let none = write(&mut conn, &request(json!({}), 7, Some(key(2)), cut));
    assert_eq!(none.manifest()["k_reached"], json!(null));
    assert_eq!(none.csv("patients").len(), 1, "only the header");
});

db_test!(
    patients_without_research_consent_on_the_cut_are_never_exported,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let c = fixtures::center(&mut conn, &ctx, "CONSENT");
        let cut = date(2026, 6, 30);
        let mut make = |local_ref: &str,
                        consent: bool,
                        on: Option<NaiveDate>,
                        withdrawn: Option<NaiveDate>| {
            let mut new = new_patient(&c.id, local_ref, Diagnosis::Aa);
            new.consent_research = consent;
            new.consent_date = on;
            new.consent_withdrawn_on = withdrawn;
            let p = conn.write(|tx| patients::create(tx, &ctx, new)).unwrap();
            fixtures::episode(&mut conn, &ctx, &p, Drug::Baricitinib, date(2025, 2, 1));
            p.id
        };
        let mut kept = Vec::new();
        for i in 0..3 {
            kept.push(make(
                &format!("YES-{i}"),
                true,
                Some(date(2025, 1, 10)),
                None,
            ));
        }
        kept.push(make(
            "LATER-WITHDRAWN",
            true,
            Some(date(2025, 1, 10)),
            Some(date(2026, 7, 15)),
        ));
        let never = make("NEVER", false, None, None);
        let withdrawn = make(
            "WITHDRAWN",
            true,
            Some(date(2025, 1, 10)),
            Some(date(2026, 3, 1)),
        );
        let after_cut = make("AFTER-CUT", true, Some(date(2026, 7, 1)), None);
        let no_date = make("NO-DATE", true, None, None);

        let r = write(&mut conn, &request(json!({}), 2, Some(key(4)), cut));
        let m = r.manifest();
        assert_eq!(m["consent_exclusions"], 4);
        assert_eq!(m["patients"]["released"], 4);
        let released: BTreeSet<String> = r.column("patients", "pseudonym").into_iter().collect();
        let expected: BTreeSet<String> = kept.iter().map(|id| key(4).pseudonym(id)).collect();
        assert_eq!(
            released, expected,
            "the pseudonym is the HMAC of the internal id"
        );
        for id in [never, withdrawn, after_cut, no_date] {
            let p = key(4).pseudonym(&id);
            for (name, bytes) in &r.files {
                assert!(
                    !String::from_utf8_lossy(bytes).contains(&p),
                    "{name} holds a patient without consent"
                );
            }
        }
    }
);
