//! `GET /patients/{id}/alerts`: what needs attention for one patient today — lab flags,
//! vaccination timing around JAK inhibitors, herpes on a JAK inhibitor without an interruption,
//! lab monitoring due or overdue, AA JAK-inhibitor eligibility, and missing baselines.

use actix_web::{HttpResponse, get, web};
use registry_core::adverse_event::flags_in_episode;
use registry_core::catalogue::Drug;
use registry_core::eligibility::{
    AaEpisodeDuration, AaJakEligibilityInput, PriorTreatment, aa_jak_eligibility, reimbursed_for_aa,
};
use registry_core::monitoring::{CheckStatus, MonitoringInput, PerformedTest, schedule};
use registry_core::patient::Diagnosis;
use registry_core::store::patients::PatientRow;
use registry_core::store::treatments::{self, EpisodeRow};
use registry_core::store::{DbConn, Scope, adverse_events, labs, patients, vaccinations};
use registry_core::treatment::Episode;
use registry_core::vaccination::{ImmunisationStatus, check_vaccinations};
use registry_core::visit::episode_for_date;

use crate::AppState;
use crate::auth::guards::ClinicalReader;
use crate::error::ApiError;
use crate::routes::visits::view::PatientVisits;
use crate::schemas::{
    AdverseEventAlert, AlertsView, EligibilityAlert, LabFlagAlert, MissingBaselineAlert,
    MonitoringAlert, VaccinationAlert,
};
use registry_core::time::current_date;

/// Everything that needs attention for the patient today, by kind.
#[utoipa::path(tag = "patients", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    responses((status = 200, body = crate::schemas::AlertsView),
              (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/alerts")]
pub async fn patient_alerts(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let scope = user.scope();
    let id = path.into_inner();
    let body = state.db.run(move |conn| alerts(conn, &scope, &id)).await?;
    Ok(HttpResponse::Ok().json(body))
}

struct Loaded {
    rows: Vec<EpisodeRow>,
    episodes: Vec<Episode>,
}

fn load_episodes(conn: &mut DbConn, scope: &Scope, patient_id: &str) -> Result<Loaded, ApiError> {
    let rows = treatments::for_patient(conn, scope, patient_id)?;
    let mut episodes = Vec::with_capacity(rows.len());
    for r in &rows {
        let doses = treatments::dose_changes(conn, scope, &r.id)?;
        let pauses = treatments::interruptions(conn, scope, &r.id)?;
        episodes.push(treatments::episode(r, &doses, &pauses)?);
    }
    Ok(Loaded { rows, episodes })
}

/// Everything that needs attention for the patient today (the body of `GET /patients/{id}/alerts`).
pub fn alerts(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<AlertsView, ApiError> {
    let patient = patients::get(conn, scope, id)?;
    let today = current_date();
    let loaded = load_episodes(conn, scope, &patient.id)?;
    let lab_rows = labs::for_patient(conn, scope, &patient.id)?;
    let mut lab_flags = Vec::new();
    let mut performed = Vec::new();
    for lab in &lab_rows {
        for flag in lab.flags()? {
            lab_flags.push(LabFlagAlert {
                lab_id: lab.id.clone(),
                flag,
            });
        }
        performed.push(PerformedTest::from(&lab.result()?));
    }
    let mut ae_alerts = Vec::new();
    let spans: Vec<_> = loaded.rows.iter().map(EpisodeRow::span).collect();
    for ae in adverse_events::for_patient(conn, scope, &patient.id)? {
        let episode = episode_for_date(&spans, ae.onset_date).map(|i| &loaded.episodes[i]);
        let event = ae.event()?;
        for flag in flags_in_episode(&event, episode) {
            ae_alerts.push(AdverseEventAlert {
                adverse_event_id: ae.id.clone(),
                flag,
            });
        }
    }
    let given = vaccinations::for_patient(conn, scope, &patient.id)?
        .iter()
        .map(|v| v.vaccination())
        .collect::<Result<Vec<_>, _>>()?;
    let immunisation = ImmunisationStatus {
        national_programme_complete: patient.vaccination_programme_complete,
        varicella_history: patient.varicella_immune,
        vzv_igg: None,
    };
    let born = patient.birth_month()?;
    let mut vaccination = Vec::new();
    let mut monitoring = Vec::new();
    for (row, episode) in loaded.rows.iter().zip(&loaded.episodes) {
        for finding in check_vaccinations(episode, born, &given, &immunisation) {
            vaccination.push(VaccinationAlert {
                episode_id: row.id.clone(),
                drug: row.drug.clone(),
                finding,
            });
        }
        if row.stop_date.is_none_or(|s| s >= today) {
            let input = MonitoringInput {
                start: row.start_date,
                drug: episode.drug(),
                child_bearing_potential: patient.childbearing_potential.unwrap_or(false),
                performed: &performed,
                today,
            };
            for check in schedule(&input)
                .into_iter()
                .filter(|c| matches!(c.status, CheckStatus::Due | CheckStatus::Overdue))
            {
                monitoring.push(MonitoringAlert {
                    episode_id: row.id.clone(),
                    drug: row.drug.clone(),
                    check,
                });
            }
        }
    }
    let visits = PatientVisits::load(conn, scope, &patient)?;
    let (eligibility, missing) = eligibility_and_baselines(&patient, &loaded, &visits, today)?;
    Ok(AlertsView {
        patient_id: patient.id,
        as_of: today,
        lab_flags,
        vaccinations: vaccination,
        adverse_events: ae_alerts,
        monitoring,
        eligibility,
        missing_data: missing,
    })
}

/// AA: eligibility of every JAK-inhibitor episode (or, with none ongoing, of a start today with
/// each reimbursed drug); every episode without a baseline of its disease's main score.
fn eligibility_and_baselines(
    patient: &PatientRow,
    loaded: &Loaded,
    timeline: &PatientVisits,
    today: chrono::NaiveDate,
) -> Result<(Vec<EligibilityAlert>, Vec<MissingBaselineAlert>), ApiError> {
    let diagnosis = patient.diagnosis()?;
    let born = patient.birth_month()?;
    let mut eligibility = Vec::new();
    let mut missing = Vec::new();
    for (row, _) in loaded.rows.iter().zip(&loaded.episodes) {
        let baseline = timeline.baseline(&row.id);
        let (score, has) = match diagnosis {
            Diagnosis::Aa => ("SALT", baseline.is_some_and(|b| b.scores.salt.is_some())),
            Diagnosis::Ad => ("EASI", baseline.is_some_and(|b| b.scores.easi.is_some())),
        };
        if !has {
            missing.push(MissingBaselineAlert {
                episode_id: row.id.clone(),
                drug: row.drug.clone(),
                field: score.to_lowercase(),
                message: format!(
                    "no baseline {score} in day −30 to 7 of this episode: relative responses cannot be evaluated"
                ),
            });
        }
    }
    if diagnosis != Diagnosis::Aa {
        return Ok((eligibility, missing));
    }
    let salt = |episode_id: Option<&str>| {
        episode_id
            .and_then(|id| timeline.baseline(id))
            .and_then(|b| b.scores.salt)
            .map(|s| s.total())
    };
    let prior = |before: chrono::NaiveDate| -> Vec<PriorTreatment> {
        loaded
            .episodes
            .iter()
            .filter(|e| e.start() < before)
            .filter_map(PriorTreatment::from_episode)
            .collect()
    };
    let input = |drug: Drug, start, baseline_salt| AaJakEligibilityInput {
        drug,
        birth_month: born,
        start,
        baseline_salt,
        aa_episode: patient.aa_episode_start.map(AaEpisodeDuration::Onset),
        prior_treatments: prior(start),
    };
    let mut ongoing_jak = false;
    for (row, episode) in loaded.rows.iter().zip(&loaded.episodes) {
        if !episode.drug().is_jak_inhibitor() {
            continue;
        }
        ongoing_jak |= row.stop_date.is_none();
        let result =
            aa_jak_eligibility(&input(episode.drug(), row.start_date, salt(Some(&row.id))));
        eligibility.push(EligibilityAlert {
            episode_id: Some(row.id.clone()),
            drug: row.drug.clone(),
            start: row.start_date,
            planned: false,
            result,
        });
    }
    if !ongoing_jak {
        let latest_salt = timeline.latest_salt();
        for drug in reimbursed_for_aa() {
            let result = aa_jak_eligibility(&input(drug, today, latest_salt));
            eligibility.push(EligibilityAlert {
                episode_id: None,
                drug: drug.code().to_owned(),
                start: today,
                planned: true,
                result,
            });
        }
    }
    Ok((eligibility, missing))
}
