//! Applies the safety rules to lab results: [`evaluate`] for one result given its history
//! context, [`evaluate_series`] for a patient's results in date order (it builds the context: the
//! previous platelet result and the baseline creatinine).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::rules::{LabFlag, LabRule, SOURCE, default_lipid_limit};
use super::{Analyte, LabResult, LabValue};

/// What a rule needs to know beyond the result itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LabContext {
    /// The patient's baseline creatinine in µmol/L: the last creatinine at or before treatment
    /// start (see [`baseline_creatinine`]). Without it (or when it is 0) the creatinine rule is
    /// not evaluated.
    pub baseline_creatinine: Option<Decimal>,
    /// The patient's platelet result just before this one (×10⁹/L), for the rule on two
    /// consecutive results in 50–100.
    pub previous_platelets: Option<Decimal>,
}

/// Every rule that fires on `result` (none for qualitative tests).
pub fn evaluate(result: &LabResult, context: &LabContext) -> Vec<LabFlag> {
    let Some(v) = result.value() else {
        return Vec::new();
    };
    let x = v.canonical();
    let unit = v.canonical_unit().symbol();
    let flag = |rule: LabRule, limit: Decimal, threshold: String| LabFlag {
        rule,
        analyte: v.analyte(),
        date: result.date(),
        value: x,
        unit: v.canonical_unit(),
        limit,
        threshold,
        action: rule.action().to_owned(),
        source_text: rule.source_text(),
        source: SOURCE.to_owned(),
    };
    let below = |rule: LabRule, limit: Decimal| {
        (x < limit).then(|| flag(rule, limit, format!("< {limit} {unit}")))
    };
    let mut flags = Vec::new();
    match v.analyte() {
        Analyte::Hb => flags.extend(below(LabRule::HbLow, dec!(5.0))),
        Analyte::Lymphocytes => flags.extend(below(LabRule::LymphocytesLow, dec!(0.5))),
        Analyte::Neutrophils => flags.extend(below(LabRule::NeutrophilsLow, dec!(1.0))),
        Analyte::Leukocytes => flags.extend(below(LabRule::LeukocytesLow, dec!(3.0))),
        Analyte::Platelets => {
            flags.extend(below(LabRule::PlateletsLow, dec!(50)));
            let in_range = |p: Decimal| (dec!(50)..=dec!(100)).contains(&p);
            if let Some(previous) = context
                .previous_platelets
                .filter(|p| in_range(*p) && in_range(x))
            {
                let text = format!("50–100 {unit} twice in a row (previous {previous} {unit})");
                flags.push(flag(LabRule::PlateletsLowTwice, dec!(100), text));
            }
        }
        Analyte::Alat => {
            if let Some(uln) = result.upper_limit() {
                let limit = uln * dec!(3);
                if x >= limit {
                    let text = format!("≥ 3 × ULN {uln} {unit} = {limit} {unit}");
                    flags.push(flag(LabRule::AlatHigh, limit, text));
                }
            }
        }
        Analyte::Ck => {
            if let Some(uln) = result.upper_limit() {
                let limit = uln * dec!(5);
                if x > limit {
                    let text = format!("> 5 × ULN {uln} {unit} = {limit} {unit}");
                    flags.push(flag(LabRule::CkHigh, limit, text));
                }
            }
        }
        Analyte::Creatinine => {
            if let Some(base) = context.baseline_creatinine.filter(|b| !b.is_zero()) {
                let limit = base * dec!(1.3);
                if x > limit {
                    let text = format!("> 130 % of baseline {base} {unit} = {limit} {unit}");
                    flags.push(flag(LabRule::CreatinineRise, limit, text));
                }
            }
        }
        Analyte::Hdl => {
            let (limit, whose) = lipid_limit(v, result.lower_limit());
            if x < limit {
                let text = format!("< {limit} {unit} ({whose})");
                flags.push(flag(LabRule::LipidsAbnormal, limit, text));
            }
        }
        Analyte::CholesterolTotal | Analyte::Ldl | Analyte::Triglycerides => {
            let (limit, whose) = lipid_limit(v, result.upper_limit());
            if x > limit {
                let text = format!("> {limit} {unit} ({whose})");
                flags.push(flag(LabRule::LipidsAbnormal, limit, text));
            }
        }
        Analyte::Hiv
        | Analyte::Hbv
        | Analyte::Hcv
        | Analyte::TbScreening
        | Analyte::PregnancyTest
        | Analyte::VzvIgg => {}
    }
    flags
}

/// The lab's limit when given, else the project default.
fn lipid_limit(v: &LabValue, lab_limit: Option<Decimal>) -> (Decimal, &'static str) {
    match (lab_limit, default_lipid_limit(v.analyte())) {
        (Some(l), _) => (l, "lab reference limit"),
        (None, Some(d)) => (d, "project default, no lab limit given"),
        (None, None) => (Decimal::MAX, "no limit"),
    }
}

/// The baseline creatinine: the last creatinine result at or before `treatment_start` (of
/// several on that last date, the last one given).
pub fn baseline_creatinine(
    results: &[LabResult],
    treatment_start: NaiveDate,
) -> Option<&LabResult> {
    results
        .iter()
        .filter(|r| r.analyte() == Analyte::Creatinine && r.date() <= treatment_start)
        .max_by_key(|r| r.date())
}

/// Every flag on a patient's results, in date order (results on the same date keep the order
/// given). Each platelet result is judged with the platelet result before it (so the flag on the
/// latest result looks at the two latest results); each creatinine after `treatment_start` is
/// judged against [`baseline_creatinine`]. The rules are those for JAK inhibitors: pass the
/// results of a patient on (or starting) one.
pub fn evaluate_series(results: &[LabResult], treatment_start: NaiveDate) -> Vec<LabFlag> {
    let baseline = baseline_creatinine(results, treatment_start)
        .and_then(LabResult::value)
        .map(LabValue::canonical);
    let mut ordered: Vec<&LabResult> = results.iter().collect();
    ordered.sort_by_key(|r| r.date());
    let mut previous_platelets = None;
    let mut flags = Vec::new();
    for result in ordered {
        let context = LabContext {
            baseline_creatinine: baseline.filter(|_| result.date() > treatment_start),
            previous_platelets,
        };
        flags.extend(evaluate(result, &context));
        if result.analyte() == Analyte::Platelets {
            previous_platelets = result.value().map(LabValue::canonical);
        }
    }
    flags
}
