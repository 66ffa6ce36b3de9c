//! A patient's registration, parsed whole: one validation for `POST /patients`, the patient
//! import, and `PATCH /patients/{id}` (the stored record with the patch applied is parsed again
//! as a whole, so an edit can never reach a state a creation would refuse).

use chrono::NaiveDate;

use super::{AaSubtype, Diagnosis, Sex};
use crate::error::{FieldError, ValidationErrors};
use crate::time::{BirthMonth, DateRule};

/// The most characters of a local reference.
pub const LOCAL_REF_MAX_CHARS: usize = 64;

/// A registration as entered (API body or CSV row), every value as text. Errors are reported at
/// the JSON paths of the API (`local_ref`, `consent.date`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatientInput {
    /// The center's own patient reference.
    pub local_ref: String,
    /// `female`, `male` or `other`.
    pub sex: String,
    /// `YYYY-MM`.
    pub birth_month: String,
    /// `AA` or `AD`.
    pub diagnosis: String,
    /// AA only: subtype code.
    pub aa_subtype: Option<String>,
    /// AA only: start of the current episode of hair loss.
    pub aa_episode_start: Option<String>,
    /// AA only: nail involvement.
    pub nail_involvement: Option<bool>,
    /// Woman of child-bearing potential.
    pub childbearing_potential: Option<bool>,
    /// Children: national vaccination programme complete.
    pub vaccination_programme_complete: Option<bool>,
    /// Varicella history or positive VZV IgG.
    pub varicella_immune: Option<bool>,
    /// Consent to research use.
    pub consent_research: bool,
    /// Date of consent.
    pub consent_date: Option<String>,
    /// Date consent was withdrawn.
    pub consent_withdrawn_on: Option<String>,
}

/// A valid registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientRecord {
    /// Local reference (1–64 printable characters, trimmed).
    pub local_ref: String,
    /// Sex.
    pub sex: Sex,
    /// Birth month (not in the future).
    pub birth_month: BirthMonth,
    /// Diagnosis.
    pub diagnosis: Diagnosis,
    /// AA subtype.
    pub aa_subtype: Option<AaSubtype>,
    /// Current AA episode start.
    pub aa_episode_start: Option<NaiveDate>,
    /// Nail involvement.
    pub nail_involvement: Option<bool>,
    /// Child-bearing potential.
    pub childbearing_potential: Option<bool>,
    /// National programme complete.
    pub vaccination_programme_complete: Option<bool>,
    /// Varicella immunity.
    pub varicella_immune: Option<bool>,
    /// Research consent.
    pub consent_research: bool,
    /// Consent date.
    pub consent_date: Option<NaiveDate>,
    /// Consent withdrawal.
    pub consent_withdrawn_on: Option<NaiveDate>,
}

impl PatientRecord {
    /// Parses a registration entered on `today`, reporting every bad field: a local reference of
    /// 1–64 printable characters; known sex, diagnosis and subtype codes; a birth month not in
    /// the future; AA-only fields only for AA; every date by the one date rule (not in the
    /// future, not before the birth month); research consent with its date; a withdrawal not
    /// before the consent.
    pub fn parse(input: &PatientInput, today: NaiveDate) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let local_ref = local_ref(&mut errors, &input.local_ref);
        let sex = code(
            &mut errors,
            "sex",
            &input.sex,
            Sex::parse,
            "sex is 'female', 'male' or 'other'",
        );
        let born = birth_month(&mut errors, &input.birth_month, today);
        let diagnosis = code(
            &mut errors,
            "diagnosis",
            &input.diagnosis,
            Diagnosis::parse,
            "the diagnosis is 'AA' (alopecia areata) or 'AD' (atopic dermatitis)",
        );
        let aa_subtype = input.aa_subtype.as_deref().and_then(|s| {
            code(
                &mut errors,
                "aa_subtype",
                s,
                AaSubtype::parse,
                "the subtype is patchy, ophiasis, totalis or universalis",
            )
        });
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
        let rule = DateRule::new(today, born);
        let mut date = |field: &str, text: &Option<String>| {
            text.as_deref()
                .and_then(|t| errors.collect(field, rule.parse("", t)))
        };
        let aa_episode_start = date("aa_episode_start", &input.aa_episode_start);
        let consent_date = date("consent.date", &input.consent_date);
        let consent_withdrawn_on = date("consent.withdrawn_on", &input.consent_withdrawn_on);
        if input.consent_research && input.consent_date.is_none() {
            errors.push(FieldError::new(
                "consent.date",
                "research consent needs the date it was given",
            ));
        }
        if let (Some(given), Some(withdrawn)) = (consent_date, consent_withdrawn_on)
            && withdrawn < given
        {
            errors.push(FieldError::new(
                "consent.withdrawn_on",
                "consent cannot be withdrawn before it was given",
            ));
        }
        let (Some(local_ref), Some(sex), Some(birth_month), Some(diagnosis)) =
            (local_ref, sex, born, diagnosis)
        else {
            return Err(errors);
        };
        errors.into_result(Self {
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
            consent_research: input.consent_research,
            consent_date,
            consent_withdrawn_on,
        })
    }
}

fn local_ref(errors: &mut ValidationErrors, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > LOCAL_REF_MAX_CHARS || v.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "local_ref",
            "a local reference has 1 to 64 printable characters",
        ));
        return None;
    }
    Some(v.to_owned())
}

fn code<T>(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    message: &str,
) -> Option<T> {
    let parsed = parse(value);
    if parsed.is_none() {
        errors.push(FieldError::new(field, message));
    }
    parsed
}

fn birth_month(errors: &mut ValidationErrors, value: &str, today: NaiveDate) -> Option<BirthMonth> {
    match value.parse::<BirthMonth>() {
        Ok(b) if b.first_day() > today => {
            errors.push(FieldError::new(
                "birth_month",
                "the birth month is in the future",
            ));
            None
        }
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(e.under("birth_month"));
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
