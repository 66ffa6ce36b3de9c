//! The analyses of a release (CLINICAL.md §6): response curves with censoring (Kaplan–Meier with
//! Greenwood CI, Aalen–Johansen), visit-window proportions (observed cases, non-responder
//! imputation, last observation carried forward), late responders and trajectories, drug
//! survival, and their plots. Every aggregate is computed from exactly the rows a release holds.

pub mod plot;
