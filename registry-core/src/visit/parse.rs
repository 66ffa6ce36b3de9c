//! [`ParsedVisit::parse`](super::ParsedVisit::parse): every field checked, every error kept.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{ParsedVisit, PatientFacts, VisitInput};
use crate::adverse_event::AdverseEvent;
use crate::error::join_path;
use crate::instruments::aa_items::{AaItems, AaItemsInput};
use crate::instruments::easi::Easi;
use crate::instruments::pro::{Cdlqi, Dlqi, Idqol, Poem, PpNrs, QolInstrument, ViGaAd};
use crate::instruments::salt::Salt;
use crate::labs::LabResult;
use crate::patient::Diagnosis;
use crate::time::DateRule;
use crate::{FieldError, ValidationErrors, Warning};

/// Heaviest plausible body weight, kg.
const MAX_WEIGHT_KG: u32 = 400;

pub(super) fn parse(
    input: &VisitInput,
    patient: &PatientFacts,
    today: NaiveDate,
) -> Result<ParsedVisit, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut warnings = Vec::new();
    let rule = DateRule::new(today, Some(patient.birth_month));
    let date = visit_date(&mut errors, input.visit_date.as_deref(), &rule);
    // Instruments that depend on age are checked against the visit date when it is valid.
    let age_years = date.map_or(0, |d| patient.birth_month.age_years(d).unwrap_or(0));

    if let Some(w) = input.weight_kg
        && (w <= Decimal::ZERO || w > Decimal::from(MAX_WEIGHT_KG))
    {
        errors.push(FieldError::new(
            "weight_kg",
            format!("a body weight is above 0 and at most {MAX_WEIGHT_KG} kg"),
        ));
    }
    let salt = input
        .salt
        .as_ref()
        .and_then(|s| errors.collect("salt", Salt::from_input(s)));
    let easi = input.easi.as_ref().and_then(|e| {
        errors
            .collect("easi", Easi::from_input(e, age_years))
            .map(|checked| {
                warnings.extend(checked.warnings.into_iter().map(|w| under("easi", w)));
                checked.value
            })
    });
    let pp_nrs = input
        .pp_nrs
        .and_then(|v| errors.collect("pp_nrs", PpNrs::try_from(v)));
    let viga = input
        .viga
        .and_then(|v| errors.collect("viga", ViGaAd::try_from(v)));
    let poem = input
        .poem
        .as_ref()
        .and_then(|q| errors.collect("poem", Poem::from_input(q)));
    let dlqi = input
        .dlqi
        .as_ref()
        .and_then(|q| errors.collect("dlqi", Dlqi::from_input(q)));
    let cdlqi = input
        .cdlqi
        .as_ref()
        .and_then(|q| errors.collect("cdlqi", Cdlqi::from_input(q)));
    let idqol = input
        .idqol
        .as_ref()
        .and_then(|q| errors.collect("idqol", Idqol::from_input(q)));
    let aa_items = errors
        .collect(
            "",
            AaItems::from_input(&AaItemsInput {
                eyebrows: input.eyebrows,
                eyelashes: input.eyelashes,
                vellus_hair: input.vellus_hair,
                wig: input.wig,
            }),
        )
        .unwrap_or_default();

    if date.is_some() {
        for (field, given, instrument) in [
            ("dlqi", input.dlqi.is_some(), QolInstrument::Dlqi),
            ("cdlqi", input.cdlqi.is_some(), QolInstrument::Cdlqi),
            ("idqol", input.idqol.is_some(), QolInstrument::Idqol),
        ] {
            if given && !instrument.suits_age(age_years) {
                warnings.push(Warning::new(
                    "qol.age",
                    field,
                    format!(
                        "{} is not validated at age {age_years}; the questionnaire for this age is {}",
                        field.to_uppercase(),
                        qol_name(QolInstrument::for_age(age_years))
                    ),
                ));
            }
        }
    }
    disease_warnings(&mut warnings, input, patient.diagnosis);
    let missing = super::missing::check(&mut errors, input);

    let labs = labs(&mut errors, input, date, &rule);
    let adverse_events = adverse_events(&mut errors, &mut warnings, input, &rule);

    if is_empty(input) {
        errors.push(FieldError::new(
            "",
            "a visit records at least one score, a weight, a lab result, an adverse event or a field missing with its reason",
        ));
    }
    let Some(date) = date else {
        return Err(errors);
    };
    errors.into_result(ParsedVisit {
        date,
        age_years,
        weight_kg: input.weight_kg.map(|w| w.normalize()),
        salt,
        easi,
        pp_nrs,
        viga,
        poem,
        dlqi,
        cdlqi,
        idqol,
        aa_items,
        labs,
        adverse_events,
        warnings,
        missing,
    })
}

/// The visit date: required, by the one date rule (not in the future, not before the birth
/// month).
fn visit_date(
    errors: &mut ValidationErrors,
    value: Option<&str>,
    rule: &DateRule,
) -> Option<NaiveDate> {
    let Some(value) = value else {
        errors.push(FieldError::new("visit_date", "this date is required"));
        return None;
    };
    errors.collect("", rule.parse("visit_date", value))
}

fn labs(
    errors: &mut ValidationErrors,
    input: &VisitInput,
    date: Option<NaiveDate>,
    rule: &DateRule,
) -> Vec<LabResult> {
    let mut out = Vec::new();
    for (i, lab) in input.labs.iter().enumerate() {
        let prefix = format!("labs[{i}]");
        let mut lab = lab.clone();
        if lab.date.is_none() {
            lab.date = date;
        }
        if let Some(d) = lab.date {
            errors.collect(&prefix, rule.check_at("sample_date", d));
        }
        if let Some(parsed) = errors.collect(&prefix, LabResult::parse(&lab)) {
            out.push(parsed);
        }
    }
    out
}

fn adverse_events(
    errors: &mut ValidationErrors,
    warnings: &mut Vec<Warning>,
    input: &VisitInput,
    rule: &DateRule,
) -> Vec<AdverseEvent> {
    let mut out = Vec::new();
    for (i, ae) in input.adverse_events.iter().enumerate() {
        let prefix = format!("adverse_events[{i}]");
        let Some(parsed) = errors.collect(&prefix, AdverseEvent::parse(ae)) else {
            continue;
        };
        for (field, d) in [
            ("onset_date", Some(parsed.onset_date())),
            ("end_date", parsed.end_date()),
        ] {
            if let Some(d) = d {
                errors.collect(&prefix, rule.check_at(field, d));
            }
        }
        warnings.extend(parsed.warnings().into_iter().map(|w| under(&prefix, w)));
        out.push(parsed);
    }
    out
}

fn disease_warnings(warnings: &mut Vec<Warning>, input: &VisitInput, diagnosis: Diagnosis) {
    let (other, given): (&str, &[(&str, bool)]) = match diagnosis {
        Diagnosis::Ad => (
            "alopecia areata",
            &[
                ("salt", input.salt.is_some()),
                ("eyebrows", input.eyebrows.is_some()),
                ("eyelashes", input.eyelashes.is_some()),
            ],
        ),
        Diagnosis::Aa => (
            "atopic dermatitis",
            &[
                ("easi", input.easi.is_some()),
                ("viga", input.viga.is_some()),
                ("poem", input.poem.is_some()),
            ],
        ),
    };
    for (field, present) in given {
        if *present {
            warnings.push(Warning::new(
                "visit.other_disease",
                *field,
                format!(
                    "{field} is an instrument for {other}, which is not this patient's diagnosis"
                ),
            ));
        }
    }
}

fn is_empty(i: &VisitInput) -> bool {
    i.weight_kg.is_none()
        && i.salt.is_none()
        && i.easi.is_none()
        && i.pp_nrs.is_none()
        && i.viga.is_none()
        && i.poem.is_none()
        && i.dlqi.is_none()
        && i.cdlqi.is_none()
        && i.idqol.is_none()
        && i.eyebrows.is_none()
        && i.eyelashes.is_none()
        && i.vellus_hair.is_none()
        && i.wig.is_none()
        && i.labs.is_empty()
        && i.adverse_events.is_empty()
        && i.missing.is_empty()
}

fn qol_name(q: QolInstrument) -> &'static str {
    match q {
        QolInstrument::Dlqi => "DLQI",
        QolInstrument::Cdlqi => "CDLQI",
        QolInstrument::Idqol => "IDQOL",
    }
}

fn under(prefix: &str, mut w: Warning) -> Warning {
    w.field = join_path(prefix, &w.field);
    w
}
