//! The analyses of a release, computed from exactly the released episodes (after consent and
//! suppression), and the plots of their curves.

use crate::analyses::{Analyses, Course};

use super::suppress::Released;

/// The courses of the released episodes, in release order (by pseudonym, then episode).
pub(super) fn courses(released: &Released) -> Vec<Course> {
    released
        .patients
        .iter()
        .flat_map(|p| p.rows.episodes.iter().map(|e| e.course.clone()))
        .collect()
}

/// Every analysis of the released episodes.
pub(super) fn analyse(released: &Released) -> Analyses {
    Analyses::compute(&courses(released))
}

/// One plot per drug and outcome (the curves' plots, as the analyses endpoint serves them) and
/// one per drug of drug survival, as (file name, SVG), in table order.
pub(super) fn plots(analyses: &Analyses) -> Vec<(String, String)> {
    let mut out = crate::analyses::curves::plots(&analyses.curves);
    out.extend(crate::analyses::survival::plots(&analyses.drug_survival));
    out
}
