//! Response trajectories of one treatment episode (CLINICAL.md §6): late responders, the
//! trajectory classes of the ritlecitinib trial analysis, loss of response and tapering
//! candidates. AA uses SALT ≤ 20 (partial: SALT30); AD the same classifier with EASI-75
//! (partial: EASI-50).
//!
//! **Weeks are counted in days**: week *w* ends on study day 7·*w* (day 0 = treatment start,
//! week = day / 7 exactly). So "t* ≤ cut-off 24 weeks" means day ≤ 168, "≤ week 36" day ≤ 252,
//! and "≤ week 52" day ≤ 364; a visit on day 170 is after week 24 even though it falls in the
//! nominal W24 window. Every comparison of a clinical value is exact (`Decimal`).

mod classes;
mod criterion;
mod episode;
mod late;
mod loss;

#[cfg(test)]
mod tests;

pub use classes::{TrajectoryClass, classify_trajectory};
pub use criterion::Criterion;
pub use episode::{Episode, Stop, Visit};
pub use late::{LateClass, LateResponderRule, LateResponse, NotEvaluable, classify_late_response};
pub use loss::{
    LossKind, LossOfResponse, LossRule, TaperingRule, first_loss_of_response, is_tapering_candidate,
};

/// The study day on which week `weeks` ends: 7 × `weeks` (week 24 = day 168, week 52 = day 364).
pub const fn weeks_to_days(weeks: i64) -> i64 {
    weeks * 7
}
