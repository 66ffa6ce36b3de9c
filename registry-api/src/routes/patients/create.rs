//! `POST /patients`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::patient::Diagnosis;
use registry_core::store::patients::{self, NewPatient};
use registry_core::store::{StoreError, centers};
use registry_core::{FieldError, ValidationErrors};

use super::dto::{self, PatientRequest};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, parse_date};
use crate::idempotent::{self, Created};

/// Registers a patient in the caller's center.
#[utoipa::path(tag = "patients", security(("bearer" = [])), request_body = PatientRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "replay-safe creation")),
    responses((status = 201, description = "created; ETag carries the version"),
              (status = 409, body = crate::error::Problem, description = "local reference already used in this center"),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients")]
pub async fn create_patient(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    body: ApiJson<PatientRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let own_center = user.center_id.clone().ok_or(ApiError::Forbidden)?;
    let role = user.role;
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let mut errors = ValidationErrors::new();
        if let Some(code) = &input.center {
            match centers::by_code(tx, code) {
                Ok(c) if c.id == own_center => {}
                Ok(_) | Err(StoreError::NotFound) => errors.push(FieldError::new(
                    "center",
                    "a center user registers patients in its own center only",
                )),
                Err(e) => return Err(e.into()),
            }
        }
        let new = parse(&mut errors, &input, own_center)?;
        let new = errors
            .into_result(new)?
            .ok_or_else(|| ApiError::Invalid(vec![]))?;
        let p = patients::create(tx, ctx, new)?;
        Ok(Created::new(
            dto::to_json(&p, role),
            p.version,
            format!("/api/v1/patients/{}", p.id),
        ))
    })
    .await
}

fn parse(
    errors: &mut ValidationErrors,
    input: &PatientRequest,
    center_id: String,
) -> Result<Option<NewPatient>, ApiError> {
    let local_ref = dto::local_ref(errors, &input.local_ref);
    let sex = dto::sex(errors, &input.sex);
    let born = dto::birth_month(errors, &input.birth_month);
    let diagnosis = dto::diagnosis(errors, &input.diagnosis);
    let aa_subtype = dto::aa_subtype(errors, input.aa_subtype.as_deref());
    let aa_episode_start = parse_date(
        errors,
        "aa_episode_start",
        input.aa_episode_start.as_deref(),
    );
    if diagnosis == Some(Diagnosis::Ad) {
        for (field, given) in [
            ("aa_subtype", input.aa_subtype.is_some()),
            ("aa_episode_start", input.aa_episode_start.is_some()),
            ("nail_involvement", input.nail_involvement.is_some()),
        ] {
            if given {
                errors.push(FieldError::new(
                    field,
                    "only for patients with alopecia areata (AA)",
                ));
            }
        }
    }
    if let (Some(start), Some(b)) = (aa_episode_start, born)
        && start < b.first_day()
    {
        errors.push(FieldError::new(
            "aa_episode_start",
            "the episode starts before the birth month",
        ));
    }
    let consent = dto::consent(errors, &input.consent, born);
    let (Some(local_ref), Some(sex), Some(birth_month), Some(diagnosis)) =
        (local_ref, sex, born, diagnosis)
    else {
        return Ok(None);
    };
    Ok(Some(NewPatient {
        center_id,
        local_ref,
        sex,
        birth_month,
        diagnosis,
        aa_subtype,
        aa_episode_start,
        nail_involvement: input.nail_involvement,
        childbearing_potential: input.childbearing_potential,
        vaccination_programme_complete: input.vaccination_programme_complete,
        varicella_immune: input.varicella_immune,
        consent_research: consent.research,
        consent_date: consent.date,
        consent_withdrawn_on: consent.withdrawn_on,
    }))
}
