//! Children (under 18 at start): national immunisation programme complete before the start, and
//! varicella history or VZV IgG recorded; without either immunity, a varicella vaccine first.

use super::{
    ImmunisationStatus, Serostatus, Vaccination, VaccinationFinding, VaccinationRule, VaccineKind,
};
use crate::treatment::Episode;

/// Findings on the recorded immunisation status of a child.
pub(super) fn status(
    episode: &Episode,
    vaccinations: &[Vaccination],
    immunisation: &ImmunisationStatus,
) -> Vec<VaccinationFinding> {
    let mut findings = Vec::new();
    let drug = episode.drug().code();
    let programme = match immunisation.national_programme_complete {
        Some(true) => None,
        Some(false) => Some("is not complete"),
        None => Some("is not recorded as complete"),
    };
    if let Some(state) = programme {
        findings.push(VaccinationFinding::new(
            VaccinationRule::ChildProgrammeComplete,
            "immunisation.national_programme_complete",
            format!(
                "the national immunisation programme {state}: children complete it (live \
                 vaccines above all) before starting {drug}"
            ),
        ));
    }
    if immunisation.varicella_history.is_none() && immunisation.vzv_igg.is_none() {
        findings.push(VaccinationFinding::new(
            VaccinationRule::ChildVaricellaStatus,
            "immunisation.varicella_history",
            "neither a varicella history nor a VZV IgG is recorded: ask whether the child had \
             chickenpox after the first year of life, and test VZV IgG when in doubt",
        ));
    }
    let had_varicella = immunisation.varicella_history == Some(true);
    let seropositive = immunisation.vzv_igg == Some(Serostatus::Positive);
    let known_non_immune = immunisation.varicella_history == Some(false)
        || matches!(immunisation.vzv_igg, Some(Serostatus::Negative));
    let vaccinated = vaccinations
        .iter()
        .any(|v| v.kind == VaccineKind::Varicella && v.date < episode.start());
    if known_non_immune && !had_varicella && !seropositive && !vaccinated {
        findings.push(VaccinationFinding::new(
            VaccinationRule::ChildVaricellaNonImmune,
            "immunisation.vzv_igg",
            format!(
                "no varicella and no VZV antibodies recorded: a varicella vaccine (Provarivax) \
                 at least 28 days before starting {drug} is preferred"
            ),
        ));
    }
    findings
}
