//! `POST/GET /patients/{id}/vaccinations` and `POST/GET /patients/{id}/comorbidities`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::NaiveDate;
use registry_core::store::comorbidities::{self, NewComorbidity};
use registry_core::store::vaccinations::{self, NewVaccination, VaccinationRow};
use registry_core::store::{DbConn, Scope, WriteCtx, patients, treatments};
use registry_core::time::DateRule;
use registry_core::vaccination::{ImmunisationStatus, VaccineKind, check_vaccinations};
use registry_core::{FieldError, ValidationErrors};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::guards::{CenterUser, ClinicalReader};
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, parse_date, today};
use crate::idempotent::{self, Created};
use crate::routes::records;

/// A vaccination.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"vaccine": "herpes_zoster_recombinant", "dose_number": 1, "date": "2024-11-20"}))]
pub struct VaccinationRequest {
    /// Vaccine code: `herpes_zoster_recombinant`, `herpes_zoster_live`, `mmr`, `varicella`,
    /// `yellow_fever`, `bcg`, `oral_typhoid`, `rotavirus`, `other_live`, `hepatitis_a`,
    /// `hepatitis_b`, `influenza`, `covid19`, `pneumococcal`, `dtp`, `hpv`, `meningococcal`,
    /// `other_non_live`.
    pub vaccine: Option<String>,
    /// Dose number in the series (1–10).
    pub dose_number: Option<i32>,
    /// Date given, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A comorbidity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"condition": "asthma", "onset_year": 1995, "active": true}))]
pub struct ComorbidityRequest {
    /// The condition (asthma, allergic rhinitis, food allergy, …).
    pub condition: Option<String>,
    /// Year it began.
    pub onset_year: Option<i32>,
    /// Still present (default true).
    pub active: Option<bool>,
}

/// Records a vaccination. The answer lists the timing findings it causes around the patient's
/// JAK-inhibitor episodes (zoster ≥ 14 days before start, live vaccines ≥ 28 days before, …).
#[utoipa::path(tag = "vaccinations", security(("bearer" = [])), request_body = VaccinationRequest,
    params(("id" = String, Path, description = "patient id"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = records::VaccinationView, description = "the vaccination with `findings`"), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/vaccinations")]
pub async fn create_vaccination(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<VaccinationRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let (vaccine, date) = parse_vaccination(&input)?;
    let dose_number = input.dose_number;
    let (scope, patient_id) = (user.scope(), path.into_inner());
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let (row, body) =
            record_vaccination(tx, ctx, &scope, &patient_id, vaccine, dose_number, date)?;
        Ok(Created::new(
            body,
            row.version,
            format!("/api/v1/patients/{}/vaccinations", row.patient_id),
        ))
    })
    .await
}

/// The one reading of a vaccination request: a known vaccine and a valid date, both required,
/// every problem listed at its field. `POST /patients/{id}/vaccinations` and the record page's
/// form both call it.
pub fn parse_vaccination(input: &VaccinationRequest) -> Result<(VaccineKind, NaiveDate), ApiError> {
    let mut errors = ValidationErrors::new();
    let vaccine = match input.vaccine.as_deref() {
        None => {
            errors.push(FieldError::new("vaccine", "the vaccine is required"));
            None
        }
        Some(v) => VaccineKind::parse(v).or_else(|| {
            let known: Vec<&str> = VaccineKind::ALL.iter().map(|k| k.code()).collect();
            errors.push(FieldError::new(
                "vaccine",
                format!("unknown vaccine '{v}': use one of {}", known.join(", ")),
            ));
            None
        }),
    };
    if input.date.is_none() {
        errors.push(FieldError::new("date", "the date is required"));
    }
    let date = parse_date(&mut errors, "date", input.date.as_deref());
    errors.into_result(())?;
    match (vaccine, date) {
        (Some(vaccine), Some(date)) => Ok((vaccine, date)),
        _ => Err(ApiError::Invalid(vec![])),
    }
}

/// The one recording of a vaccination, in the caller's transaction: the date checked against
/// today and the birth month, the row stored, answered as the API's view with the timing
/// `findings` it causes around the patient's JAK-inhibitor episodes.
pub fn record_vaccination(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient_id: &str,
    vaccine: VaccineKind,
    dose_number: Option<i32>,
    date: NaiveDate,
) -> Result<(VaccinationRow, serde_json::Value), ApiError> {
    let patient = patients::get(tx, scope, patient_id)?;
    DateRule::new(today(), Some(patient.birth_month()?)).check_at("date", date)?;
    let new = NewVaccination {
        center_id: patient.center_id.clone(),
        patient_id: patient.id.clone(),
        vaccine,
        dose_number,
        date,
    };
    let row = vaccinations::create(tx, ctx, new)?;
    let given = vaccinations::for_patient(tx, scope, &patient.id)?
        .iter()
        .map(|v| v.vaccination())
        .collect::<Result<Vec<_>, _>>()?;
    let status = ImmunisationStatus {
        national_programme_complete: patient.vaccination_programme_complete,
        varicella_history: patient.varicella_immune,
        vzv_igg: None,
    };
    let mut findings = Vec::new();
    for e in treatments::for_patient(tx, scope, &patient.id)? {
        let episode = treatments::load_episode(tx, scope, &e.id)?;
        for f in check_vaccinations(&episode, patient.birth_month()?, &given, &status) {
            findings.push(crate::schemas::VaccinationAlert {
                episode_id: e.id.clone(),
                drug: e.drug.clone(),
                finding: f,
            });
        }
    }
    let mut body = records::vaccination_json(&row)?;
    if let Some(obj) = body.as_object_mut() {
        let findings = serde_json::to_value(findings)
            .map_err(|e| ApiError::Internal(format!("vaccination findings: {e}")))?;
        obj.insert("findings".into(), findings);
    }
    Ok((row, body))
}

/// The patient's vaccinations by date.
#[utoipa::path(tag = "vaccinations", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    responses((status = 200, body = crate::schemas::VaccinationList), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/vaccinations")]
pub async fn list_vaccinations(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    crate::routes::shared::patient_items(
        &state,
        &user,
        path.into_inner(),
        |conn, scope, patient| {
            Ok(vaccinations::for_patient(conn, scope, patient)?
                .iter()
                .map(records::vaccination_json)
                .collect::<Result<Vec<_>, _>>()?)
        },
    )
    .await
}

/// Records a comorbidity (atopic and other conditions).
#[utoipa::path(tag = "vaccinations", security(("bearer" = [])), request_body = ComorbidityRequest,
    params(("id" = String, Path, description = "patient id"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = records::ComorbidityView, description = "the comorbidity"), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/comorbidities")]
pub async fn create_comorbidity(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<ComorbidityRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let Some(condition) = input.condition.clone() else {
        return Err(ApiError::field("condition", "the condition is required"));
    };
    let (scope, patient_id) = (user.scope(), path.into_inner());
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let patient = patients::get(tx, &scope, &patient_id)?;
        let new = NewComorbidity {
            center_id: patient.center_id.clone(),
            patient_id: patient.id.clone(),
            condition,
            onset_year: input.onset_year,
            active: input.active.unwrap_or(true),
        };
        let row = comorbidities::create(tx, ctx, new)?;
        Ok(Created::new(
            records::comorbidity_json(&row)?,
            row.version,
            format!("/api/v1/patients/{}/comorbidities", patient.id),
        ))
    })
    .await
}

/// The patient's comorbidities.
#[utoipa::path(tag = "vaccinations", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    responses((status = 200, body = crate::schemas::ComorbidityList), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/comorbidities")]
pub async fn list_comorbidities(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    crate::routes::shared::patient_items(
        &state,
        &user,
        path.into_inner(),
        |conn, scope, patient| {
            Ok(comorbidities::for_patient(conn, scope, patient)?
                .iter()
                .map(records::comorbidity_json)
                .collect::<Result<Vec<_>, _>>()?)
        },
    )
    .await
}
