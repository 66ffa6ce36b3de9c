//! The classes of AA JAK-inhibitor episodes in the report, computed by the release's analyses
//! (`registry_export::analyses::late`) on the courses the release builds from stored rows
//! (`from_records`): late responders by the day of the first SALT ≤ 20 (cut-off 24 weeks, per
//! drug), and for ritlecitinib the trajectory classes of the ALLEGRO analysis from SALT at W24,
//! M12 and M24, a missing window carried forward while on treatment. First episodes of a drug
//! only, as the calibration figures are stated.

use registry_core::patient::Diagnosis;
use registry_core::trajectory::{LateResponderRule, TrajectoryClass};
use registry_export::analyses::Course;
use registry_export::analyses::late::{episode_outcome, late_responders};

use super::report::{Report, bump};

/// The label of a late-responder class code in the report.
fn late_label(class: &str) -> &'static str {
    match class {
        "early" => "early (≤ W24)",
        "late" => "late (W24–W52)",
        "very_late" => "very late (> W52)",
        "non_responder" => "non-responder",
        _ => "not evaluable",
    }
}

/// Counts the classes of `course`, when it is the first AA episode of a JAK inhibitor.
pub fn add(r: &mut Report, course: &Course) {
    if course.diagnosis != Diagnosis::Aa
        || !course.drug.is_jak_inhibitor()
        || course.episode_number != 1
        || course.baseline.salt.is_none()
    {
        return;
    }
    for row in late_responders(course) {
        if row.cutoff_weeks == LateResponderRule::AA_CUTOFF_WEEKS {
            bump(&mut r.late, late_label(row.class), 1);
            bump(
                &mut r.late,
                format!("{}: {}", course.drug.code(), late_label(row.class)),
                1,
            );
        }
    }
    if course.drug == registry_core::catalogue::Drug::Ritlecitinib {
        let trajectory = episode_outcome(course).and_then(|o| o.trajectory);
        let due = registry_core::windows::window_for_week(Diagnosis::Aa, 104)
            .is_some_and(|w| w.is_due(course.cut_day));
        match trajectory {
            Some(class) => bump(&mut r.trajectories, trajectory_label(class), 1),
            None if due => bump(
                &mut r.trajectories,
                "not classified (stopped before M24)",
                1,
            ),
            None => {}
        }
    }
}

fn trajectory_label(class: TrajectoryClass) -> String {
    format!("{class:?}")
}
