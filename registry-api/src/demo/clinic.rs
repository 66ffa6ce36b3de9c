//! The clinician's decisions at each visit of an episode (see [`super::episode`]): what they know,
//! what they have planned, and the dose changes they made.

use chrono::NaiveDate;
use registry_core::catalogue::{Drug, DrugClass};
use registry_core::treatment::{Dose, StopReason};
use rust_decimal::Decimal;

use super::course::Course;
use super::regimen::Regimen;
use super::response::Setting;
use super::rng::Rng;
use super::schedule::Slot;

/// What the clinician knows and has planned during an episode.
pub struct Clinic {
    setting: Setting,
    regimen: Regimen,
    decision: Option<f64>,
    second_chance: bool,
    loss_check: Option<(f64, f64)>,
    taper_at: Option<f64>,
    taper_loss_check: Option<f64>,
    off_at: Option<f64>,
    max_day: Option<f64>,
    steroid_steps: Vec<(f64, i64)>,
    escalated: bool,
    /// True once the latent course met the response.
    pub responded: bool,
    /// Dose changes made: date, dose, tapering step.
    pub dose_changes: Vec<(NaiveDate, Dose, bool)>,
}

impl Clinic {
    /// The plans at day 0: when to judge the response, when a known loss shows, how long the
    /// drug may be given at most.
    pub fn new(rng: &mut Rng, s: &Setting, regimen: Regimen, loss: Option<f64>) -> Self {
        let conventional = s.drug.class() == DrugClass::Conventional;
        let decision = match (s.aa, conventional, s.drug.is_jak_inhibitor()) {
            (true, false, _) => rng.uniform(250.0, 380.0),
            (true, true, _) => rng.uniform(182.0, 273.0),
            (false, _, true) => rng.uniform(84.0, 140.0),
            (false, _, false) => rng.uniform(112.0, 196.0),
        };
        let steroid = matches!(s.drug, Drug::Prednisone | Drug::Prednisolone);
        Self {
            setting: *s,
            regimen,
            decision: Some(decision),
            second_chance: false,
            loss_check: loss.map(|l| (l + rng.uniform(60.0, 120.0), l + 400.0)),
            taper_at: None,
            taper_loss_check: None,
            off_at: None,
            max_day: match s.drug {
                Drug::Ciclosporin => Some(rng.uniform(365.0, 730.0)),
                _ if steroid => Some(rng.uniform(112.0, 170.0)),
                _ => None,
            },
            steroid_steps: if steroid {
                vec![(28.0, 3), (56.0, 2), (84.0, 1)]
            } else {
                Vec::new()
            },
            escalated: false,
            responded: false,
            dose_changes: Vec::new(),
        }
    }

    fn change(&mut self, date: NaiveDate, dose: Dose, taper: bool) {
        if self.dose_changes.iter().all(|c| c.0 != date) {
            self.dose_changes.push((date, dose, taper));
        }
    }

    fn escalate(
        &mut self,
        rng: &mut Rng,
        slot: &Slot,
        course: &mut Course,
        plateau: f64,
        p: f64,
    ) -> bool {
        let Some(higher) = self.regimen.higher.filter(|_| !self.escalated) else {
            return false;
        };
        self.escalated = true;
        self.change(slot.date, higher, false);
        if rng.chance(p) {
            let day = slot.day as f64;
            let target = plateau.min(self.setting.threshold * 0.6);
            course.then(day, target, 14.0, rng.uniform(90.0, 150.0));
        }
        true
    }

    /// The clinician sees the patient at `slot`; returns why the drug is stopped, if it is.
    pub fn visit(
        &mut self,
        rng: &mut Rng,
        slot: &Slot,
        course: &mut Course,
        plateau: f64,
    ) -> Option<StopReason> {
        let s = self.setting;
        let day = slot.day as f64;
        let v = course.value(day);
        let resp = v <= s.threshold;
        let partial = v <= s.baseline * if s.aa { 0.7 } else { 0.5 };
        let (jak, conventional) = (
            s.drug.is_jak_inhibitor(),
            s.drug.class() == DrugClass::Conventional,
        );
        if self.steroid_steps.first().is_some_and(|(at, _)| day >= *at) {
            let (_, quarters) = self.steroid_steps.remove(0);
            let start = self.regimen.start;
            let amount = (start.amount() * Decimal::from(quarters) / Decimal::from(4)).round();
            if let Ok(dose) = Dose::new(amount, start.unit(), start.frequency()) {
                self.change(slot.date, dose, true);
            }
        }
        if self.max_day.is_some_and(|m| day >= m) {
            return Some(if self.responded || resp {
                StopReason::RemissionTaperedOff
            } else {
                StopReason::PrimaryInefficacy
            });
        }
        if resp && !self.responded {
            self.responded = true;
            self.decision = None;
            let p_taper = match (conventional, s.aa) {
                (true, _) => 0.5,
                (false, true) => 0.35,
                (false, false) => 0.3,
            };
            if self.regimen.lower.is_some() && rng.chance(p_taper) {
                self.taper_at = Some(day + rng.uniform(182.0, 365.0));
            }
        }
        if self.decision.is_some_and(|at| day >= at) && !resp {
            let again = day + rng.uniform(112.0, 182.0);
            if partial && !self.second_chance {
                let p_stop = if s.aa && jak { 0.2 } else { 0.35 };
                if rng.chance(p_stop) {
                    return Some(StopReason::PrimaryInefficacy);
                }
                self.second_chance = true;
                self.decision = Some(again);
            } else if rng.chance(0.5) && self.escalate(rng, slot, course, plateau, 0.35) {
                self.decision = Some(again);
            } else if rng.chance(if self.second_chance { 0.9 } else { 0.85 }) {
                return Some(StopReason::PrimaryInefficacy);
            } else {
                self.second_chance = true;
                self.decision = Some(again);
            }
        }
        if let Some((_, give_up)) = self.loss_check.filter(|(at, _)| day >= *at) {
            let lost = if self.responded { !resp } else { !partial };
            if !lost {
                self.loss_check = (day + 90.0 < give_up).then_some((day + 90.0, give_up));
            } else {
                self.loss_check = None;
                if !(rng.chance(0.4) && self.escalate(rng, slot, course, plateau, 0.5))
                    && rng.chance(0.7)
                {
                    return Some(StopReason::SecondaryLossOfEffect);
                }
            }
        }
        if self.taper_at.is_some_and(|at| day >= at) {
            self.taper_at = None;
            if let Some(lower) = self.regimen.lower.filter(|_| resp) {
                self.change(slot.date, lower, true);
                if rng.chance(if s.aa { 0.3 } else { 0.2 }) {
                    let from = day + rng.uniform(60.0, 180.0);
                    let worse = plateau + (s.baseline - plateau) * rng.uniform(0.4, 0.8);
                    course.then(from, worse, 0.0, rng.uniform(60.0, 120.0));
                    self.taper_loss_check = Some(from + rng.uniform(60.0, 120.0));
                } else {
                    let p_off = match (conventional, s.aa, jak) {
                        (true, _, _) => 0.6,
                        (false, true, _) => 0.3,
                        (false, false, true) => 0.2,
                        (false, false, false) => 0.15,
                    };
                    if rng.chance(p_off) {
                        self.off_at = Some(day + rng.uniform(182.0, 365.0));
                    }
                }
            }
        }
        if self.taper_loss_check.is_some_and(|at| day >= at) {
            self.taper_loss_check = None;
            if !rng.chance(0.65) {
                return Some(StopReason::SecondaryLossOfEffect);
            }
            self.change(slot.date, self.regimen.start, false);
            course.then(day, plateau, 14.0, rng.uniform(90.0, 150.0));
        }
        self.off_at
            .filter(|at| day >= *at)
            .map(|_| StopReason::RemissionTaperedOff)
    }
}
