//! How a visit is shown: what was entered, what the rules computed, and its responses against
//! the baseline of its treatment episode. Responses depend on other visits (the baseline), so
//! they are computed when read, from one load of the patient's episodes and visits.

use registry_core::responses::{VisitResponses, VisitScores};
use registry_core::store::treatments::{self, EpisodeRow};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{DbConn, Scope, StoreError};
use registry_core::time::study_day;
use registry_core::visit::{EpisodeBaseline, EpisodeSpan, episode_baseline, episode_for_date};
use registry_core::windows::nominal_window;
use serde_json::{Value, json};

use crate::error::ApiError;

/// A patient's episodes and visits, with each episode's baselines.
pub struct Timeline {
    diagnosis: registry_core::patient::Diagnosis,
    episodes: Vec<EpisodeRow>,
    baselines: Vec<EpisodeBaseline>,
    spans: Vec<EpisodeSpan>,
    latest_salt: Option<rust_decimal::Decimal>,
}

impl Timeline {
    /// Loads the patient's episodes and visits (in `scope`) and chooses every baseline.
    pub fn load(
        conn: &mut DbConn,
        scope: &Scope,
        patient: &registry_core::store::patients::PatientRow,
    ) -> Result<(Self, Vec<VisitRow>), ApiError> {
        let episodes = treatments::for_patient(conn, scope, &patient.id)?;
        let rows = visits::for_patient(conn, scope, &patient.id)?;
        let scores = rows
            .iter()
            .map(VisitRow::scores)
            .collect::<Result<Vec<_>, StoreError>>()?;
        let dated: Vec<_> = rows
            .iter()
            .zip(&scores)
            .map(|(r, s)| (r.visit_date, s))
            .collect();
        let spans: Vec<EpisodeSpan> = episodes
            .iter()
            .map(|e| EpisodeSpan {
                start: e.start_date,
                stop: e.stop_date,
            })
            .collect();
        let baselines = spans
            .iter()
            .map(|s| episode_baseline(s.start, &dated))
            .collect();
        let latest_salt = scores.iter().rev().find_map(|s| s.salt.map(|s| s.total()));
        let timeline = Self {
            diagnosis: patient.diagnosis()?,
            episodes,
            baselines,
            spans,
            latest_salt,
        };
        Ok((timeline, rows))
    }

    /// The SALT of the patient's latest visit that has one.
    pub fn latest_salt(&self) -> Option<rust_decimal::Decimal> {
        self.latest_salt
    }

    /// The baselines of an episode (by id), when the patient has it.
    pub fn baseline(&self, episode_id: &str) -> Option<&EpisodeBaseline> {
        self.episodes
            .iter()
            .position(|e| e.id == episode_id)
            .map(|i| &self.baselines[i])
    }

    /// The JSON of one visit, with its episode and responses.
    pub fn view(&self, row: &VisitRow) -> Result<Value, ApiError> {
        let scores = row.scores()?;
        let mut v = entered(row)?;
        let (episode, responses) = match episode_for_date(&self.spans, row.visit_date) {
            Some(i) => self.in_episode(i, row, &scores),
            None => (Value::Null, Value::Null),
        };
        let obj = v
            .as_object_mut()
            .ok_or_else(|| ApiError::Internal("visit view".into()))?;
        obj.insert(
            "computed".into(),
            serde_json::to_value(row.computed()?).unwrap_or_default(),
        );
        obj.insert("episode".into(), episode);
        obj.insert("responses".into(), responses);
        obj.insert(
            "warnings".into(),
            serde_json::from_str(&row.warnings).unwrap_or(Value::Array(vec![])),
        );
        Ok(v)
    }

    fn in_episode(&self, i: usize, row: &VisitRow, scores: &VisitScores) -> (Value, Value) {
        let e = &self.episodes[i];
        let day = study_day(e.start_date, row.visit_date);
        let baseline = &self.baselines[i];
        let episode = json!({
            "id": e.id,
            "drug": e.drug,
            "episode_number": e.episode_number,
            "study_day": day,
            "nominal_week": nominal_window(self.diagnosis, day).map(|w| w.week()),
            "baseline_dates": baseline.dates,
        });
        // Before day 1 a visit is (a candidate) baseline, not a response.
        let responses = if day > 0 {
            serde_json::to_value(VisitResponses::compute(&baseline.scores, scores))
                .unwrap_or_default()
        } else {
            Value::Null
        };
        (episode, responses)
    }
}

fn items(items: &Option<String>, total: Option<i32>) -> Value {
    if items.is_none() && total.is_none() {
        return Value::Null;
    }
    let items: Value = items
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    json!({"items": items, "total": total})
}

/// What was entered, as stored. Exact decimals are strings (`"23.75"`), whole scores numbers.
fn entered(r: &VisitRow) -> Result<Value, ApiError> {
    let salt = if r.salt_total.is_some() {
        json!({"top": r.salt_top, "back": r.salt_back, "right": r.salt_right, "left": r.salt_left, "total": r.salt_total})
    } else {
        Value::Null
    };
    let easi = if r.easi_total.is_some() {
        let regions: Value = r
            .easi_regions
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null);
        json!({"regions": regions, "total": r.easi_total})
    } else {
        Value::Null
    };
    Ok(json!({
        "id": r.id,
        "patient_id": r.patient_id,
        "center_id": r.center_id,
        "visit_date": r.visit_date,
        "weight_kg": r.weight_kg,
        "salt": salt,
        "easi": easi,
        "pp_nrs": r.pp_nrs,
        "viga": r.viga,
        "poem": items(&r.poem_items, r.poem_total),
        "dlqi": items(&r.dlqi_items, r.dlqi_total),
        "cdlqi": items(&r.cdlqi_items, r.cdlqi_total),
        "idqol": items(&r.idqol_items, r.idqol_total),
        "eyebrows": r.eyebrows,
        "eyelashes": r.eyelashes,
        "vellus_hair": r.vellus_hair,
        "wig": r.wig,
        "rules_version": r.rules_version,
        "version": r.version,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }))
}
