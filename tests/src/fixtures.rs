//! Builders for store fixtures.

use chrono::NaiveDate;
use diesel::prelude::*;
use registry_core::adverse_event::AdverseEventInput;
use registry_core::catalogue::Drug;
use registry_core::labs::{self, Analyte, LabContext, LabResult, LabValue};
use registry_core::patient::{Diagnosis, Sex};
use registry_core::role::Role;
use registry_core::store::centers::{self, CenterRow};
use registry_core::store::labs::LabRow;
use registry_core::store::patients::{self, NewPatient, PatientRow};
use registry_core::store::schema::audit_events;
use registry_core::store::treatments::{self, EpisodeRow, NewEpisode};
use registry_core::store::users::{self, NewUser, UserRow};
use registry_core::store::{Actor, DbConn, StoreError, WriteCtx, audit};
use registry_core::treatment::{Dose, DoseUnit, Frequency};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Creates a center with `code`.
pub fn center(conn: &mut DbConn, ctx: &WriteCtx, code: &str) -> CenterRow {
    conn.write(|tx| centers::create(tx, ctx, code, &format!("Center {code}")))
        .unwrap()
}

/// A patient to create, with research consent, born March 1990.
pub fn new_patient(center_id: &str, local_ref: &str, diagnosis: Diagnosis) -> NewPatient {
    NewPatient {
        center_id: center_id.to_owned(),
        local_ref: local_ref.to_owned(),
        sex: Sex::Female,
        birth_month: "1990-03".parse().unwrap(),
        diagnosis,
        aa_subtype: None,
        aa_episode_start: None,
        nail_involvement: None,
        childbearing_potential: Some(true),
        vaccination_programme_complete: None,
        varicella_immune: None,
        consent_research: true,
        consent_date: chrono::NaiveDate::from_ymd_opt(2025, 1, 10),
        consent_withdrawn_on: None,
    }
}

/// Creates a patient in `center_id`.
pub fn patient(conn: &mut DbConn, ctx: &WriteCtx, center_id: &str, local_ref: &str) -> PatientRow {
    conn.write(|tx| patients::create(tx, ctx, new_patient(center_id, local_ref, Diagnosis::Aa)))
        .unwrap()
}

/// A date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Creates a user (with a placeholder hash: these users never log in).
pub fn user(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    email: &str,
    role: Role,
    center_id: Option<&str>,
) -> UserRow {
    let new = NewUser {
        email: email.to_owned(),
        password_hash: "not-a-hash".to_owned(),
        role,
        center_id: center_id.map(str::to_owned),
    };
    conn.write(|tx| users::create(tx, ctx, new)).unwrap()
}

/// The write context of `user`.
pub fn ctx_of(user: &UserRow) -> WriteCtx {
    WriteCtx::new(Actor {
        user_id: user.id.clone(),
        role: user.role().unwrap(),
        center_id: user.center_id.clone(),
    })
}

/// An ongoing AA episode of `drug` from `start` at 4 mg once daily.
pub fn new_episode(center_id: &str, patient_id: &str, drug: Drug, start: NaiveDate) -> NewEpisode {
    NewEpisode {
        center_id: center_id.to_owned(),
        patient_id: patient_id.to_owned(),
        drug,
        indication: Diagnosis::Aa,
        start_date: start,
        stop: None,
        dose: Some(mg(dec!(4), Frequency::OnceDaily)),
        warnings: Vec::new(),
    }
}

/// Creates an ongoing episode (see [`new_episode`]).
pub fn episode(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    patient: &PatientRow,
    drug: Drug,
    start: NaiveDate,
) -> EpisodeRow {
    let new = new_episode(&patient.center_id, &patient.id, drug, start);
    conn.write(|tx| treatments::create(tx, ctx, new)).unwrap()
}

/// A dose in mg.
pub fn mg(amount: Decimal, frequency: Frequency) -> Dose {
    Dose::new(amount, DoseUnit::Mg, frequency).unwrap()
}

/// A numeric lab result row (limits in the value's unit) with the flags the rules raise on it
/// alone.
pub fn lab_row(
    ctx: &WriteCtx,
    patient: &PatientRow,
    analyte: Analyte,
    sample: (NaiveDate, Decimal, &str),
    upper_limit: Option<Decimal>,
) -> LabRow {
    let (on, value, unit) = sample;
    let value = LabValue::parse(analyte, value, unit).unwrap();
    let result = LabResult::numeric(on, value, None, upper_limit).unwrap();
    let flags = labs::evaluate(&result, &LabContext::default());
    LabRow::from_result(ctx, &patient.center_id, &patient.id, None, &result, &flags).unwrap()
}

/// A valid non-serious adverse event input.
pub fn adverse_event_input(term: &str, onset: &str) -> AdverseEventInput {
    AdverseEventInput {
        verbatim_term: Some(term.to_owned()),
        onset_date: Some(onset.to_owned()),
        ctcae_grade: Some(2),
        causality: Some("possible".into()),
        action: Some("none".into()),
        outcome: Some("recovering".into()),
        ..Default::default()
    }
}

/// Number of audit events stored.
pub fn audit_count(conn: &mut DbConn) -> i64 {
    audit_events::table.count().get_result(conn).unwrap()
}

/// Runs `f` and returns its result with the number of audit events it added.
pub fn audited<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> T) -> (T, i64) {
    let before = audit_count(conn);
    let value = f(conn);
    (value, audit_count(conn) - before)
}

/// The audit events of one record, oldest first.
pub fn events_of(conn: &mut DbConn, entity_id: &str) -> Vec<audit::AuditEvent> {
    let filter = audit::AuditFilter {
        entity_id: Some(entity_id.to_owned()),
        limit: 100,
        ..Default::default()
    };
    audit::list(conn, &filter).unwrap()
}

/// Asserts that the last audit event of `entity_id` is its deletion by `reason`, with the record
/// before it, and that the trail is intact.
pub fn assert_deleted_in_audit(conn: &mut DbConn, entity: &str, entity_id: &str, reason: &str) {
    let events = events_of(conn, entity_id);
    let last = events.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        (entity, "delete")
    );
    assert_eq!(last.reason.as_deref(), Some(reason));
    let before: serde_json::Value =
        serde_json::from_str(last.before_json.as_deref().unwrap()).unwrap();
    assert_eq!(before["id"], entity_id);
    assert!(audit::verify(conn).unwrap().is_intact());
}

/// The fields of an `Invalid` error (panics on any other result).
pub fn invalid_fields<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Vec<String> {
    match result {
        Err(StoreError::Invalid(e)) => e.errors().iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// A center `UMCU`, one of its patients and an ongoing baricitinib episode from 2025-01-01.
pub fn ongoing_episode(conn: &mut DbConn) -> (PatientRow, EpisodeRow) {
    let ctx = crate::system_ctx();
    let c = center(conn, &ctx, "UMCU");
    let p = patient(conn, &ctx, &c.id, "p1");
    let e = episode(conn, &ctx, &p, Drug::Baricitinib, date(2025, 1, 1));
    (p, e)
}
