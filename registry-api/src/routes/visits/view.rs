//! How a visit is shown: what was entered, what the rules computed, and its place in the
//! patient's course (episode, study day, nominal week, baseline dates) with its responses against
//! the episode's baseline. Responses depend on other visits (the baseline), so they are computed
//! when read, by the patient's [`Timeline`] built from one load of episodes and visits.

use registry_core::responses::VisitScores;
use registry_core::store::treatments::{self, EpisodeRow};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{DbConn, Scope, StoreError};
use registry_core::timeline::Timeline;
use registry_core::visit::{EpisodeBaseline, EpisodeSpan};
use serde_json::{Value, json};

use crate::error::ApiError;

/// A patient's episodes and visits with their timeline.
pub struct PatientVisits {
    episodes: Vec<EpisodeRow>,
    rows: Vec<VisitRow>,
    scores: Vec<VisitScores>,
    timeline: Timeline,
}

impl PatientVisits {
    /// Loads the patient's episodes and visits (in `scope`) and builds the timeline.
    pub fn load(
        conn: &mut DbConn,
        scope: &Scope,
        patient: &registry_core::store::patients::PatientRow,
    ) -> Result<Self, ApiError> {
        Self::load_with(conn, scope, patient, None)
    }

    /// [`PatientVisits::load`] with `unsaved`, a visit not stored, in its place among the
    /// stored ones: what the patient's course would be with it (the preview of a visit).
    pub fn load_with(
        conn: &mut DbConn,
        scope: &Scope,
        patient: &registry_core::store::patients::PatientRow,
        unsaved: Option<VisitRow>,
    ) -> Result<Self, ApiError> {
        let episodes = treatments::for_patient(conn, scope, &patient.id)?;
        let mut rows = visits::for_patient(conn, scope, &patient.id)?;
        if let Some(row) = unsaved {
            let at = rows.partition_point(|r| r.visit_date <= row.visit_date);
            rows.insert(at, row);
        }
        let scores = rows
            .iter()
            .map(VisitRow::scores)
            .collect::<Result<Vec<_>, StoreError>>()?;
        let spans: Vec<EpisodeSpan> = episodes.iter().map(EpisodeRow::span).collect();
        let dated: Vec<_> = rows
            .iter()
            .zip(&scores)
            .map(|(r, s)| (r.visit_date, s))
            .collect();
        let timeline = Timeline::build_ref(patient.diagnosis()?, &spans, &dated);
        Ok(Self {
            episodes,
            rows,
            scores,
            timeline,
        })
    }

    /// The visits, in date order.
    pub fn rows(&self) -> &[VisitRow] {
        &self.rows
    }

    /// The SALT of the patient's latest visit that has one.
    pub fn latest_salt(&self) -> Option<rust_decimal::Decimal> {
        self.scores
            .iter()
            .rev()
            .find_map(|s| s.salt.map(|s| s.total()))
    }

    /// The baselines of an episode (by id), when the patient has it.
    pub fn baseline(&self, episode_id: &str) -> Option<&EpisodeBaseline> {
        let i = self.episodes.iter().position(|e| e.id == episode_id)?;
        self.timeline.episodes().get(i).map(|c| &c.baseline)
    }

    /// The JSON of the visit `id` (one of the patient's), with its episode and responses.
    pub fn view(&self, id: &str) -> Result<Value, ApiError> {
        let i = self
            .rows
            .iter()
            .position(|r| r.id == id)
            .ok_or(ApiError::NotFound)?;
        self.view_at(i)
    }

    /// The JSON of the `i`-th visit of [`PatientVisits::rows`].
    pub fn view_at(&self, i: usize) -> Result<Value, ApiError> {
        let row = self.rows.get(i).ok_or(ApiError::NotFound)?;
        let mut v = entered(row)?;
        let (episode, responses) = match self.timeline.place(i) {
            Some(place) => {
                let e = &self.episodes[place.episode];
                let baseline = &self.timeline.episodes()[place.episode].baseline;
                let episode = json!({
                    "id": e.id,
                    "drug": e.drug,
                    "episode_number": e.episode_number,
                    "study_day": place.study_day,
                    "nominal_week": place.window.map(|w| w.week()),
                    "baseline_dates": baseline.dates,
                });
                // Before day 1 a visit is (a candidate) baseline, not a response.
                let responses = match self.timeline.responses(i, &self.scores[i]) {
                    Some(r) => to_json(&r)?,
                    None => Value::Null,
                };
                (episode, responses)
            }
            None => (Value::Null, Value::Null),
        };
        let obj = v
            .as_object_mut()
            .ok_or_else(|| ApiError::Internal("visit view".into()))?;
        obj.insert("computed".into(), to_json(&row.computed()?)?);
        obj.insert("episode".into(), episode);
        obj.insert("responses".into(), responses);
        obj.insert(
            "warnings".into(),
            stored(&row.id, "warnings", &row.warnings)?,
        );
        Ok(v)
    }
}

/// A value as JSON (a failure is the server's fault, never shown as `null`).
fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(format!("visit view: {e}")))
}

/// A JSON column of visit `id` as stored (one that does not parse is a damaged row: an error,
/// never shown as empty).
fn stored(id: &str, column: &str, text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("visit {id} {column}: {e}")).into())
}

/// A questionnaire as entered: item scores are whole numbers (validated on entry, stored as the
/// exact decimals sent), shown as numbers like the totals; `null` when unanswered.
fn items(
    id: &str,
    column: &str,
    items: &Option<String>,
    total: Option<i32>,
) -> Result<Value, ApiError> {
    if items.is_none() && total.is_none() {
        return Ok(Value::Null);
    }
    let kept = match items.as_deref() {
        Some(text) => stored(id, column, text)?,
        None => Value::Null,
    };
    let items = match kept {
        Value::Array(entries) => Value::Array(entries.into_iter().map(whole).collect()),
        other => other,
    };
    Ok(json!({"items": items, "total": total}))
}

/// A stored item score (`"3"`) as the number it is; anything else as stored.
fn whole(item: Value) -> Value {
    let parsed = item
        .as_str()
        .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
        .filter(|d| d.fract().is_zero())
        .and_then(|d| i64::try_from(d).ok());
    parsed.map_or(item, Value::from)
}

/// What was entered, as stored. Exact decimals are strings (`"23.75"`), whole scores numbers.
fn entered(r: &VisitRow) -> Result<Value, ApiError> {
    let salt = if r.salt_total.is_some() {
        json!({"top": r.salt_top, "back": r.salt_back, "right": r.salt_right, "left": r.salt_left, "total": r.salt_total})
    } else {
        Value::Null
    };
    let easi = if r.easi_total.is_some() {
        let regions = match r.easi_regions.as_deref() {
            Some(text) => stored(&r.id, "easi_regions", text)?,
            None => Value::Null,
        };
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
        "poem": items(&r.id, "poem_items", &r.poem_items, r.poem_total)?,
        "dlqi": items(&r.id, "dlqi_items", &r.dlqi_items, r.dlqi_total)?,
        "cdlqi": items(&r.id, "cdlqi_items", &r.cdlqi_items, r.cdlqi_total)?,
        "idqol": items(&r.id, "idqol_items", &r.idqol_items, r.idqol_total)?,
        "eyebrows": r.eyebrows,
        "eyelashes": r.eyelashes,
        "vellus_hair": r.vellus_hair,
        "wig": r.wig,
        "missing": r.missing()?,
        "rules_version": r.rules_version,
        "version": r.version,
        "created_at": r.created_at.and_utc(),
        "updated_at": r.updated_at.and_utc(),
    }))
}
