//! The safety part of the report: adverse events of special interest per drug (share of episodes
//! and events per patient-year), serious events, and lab results flagged by the safety rules.

use registry_core::adverse_event::AesiCategory;
use registry_core::catalogue::Drug;
use registry_core::labs::LabRule;

use super::report::Report;
use super::write::Written;

/// Lab rules whose action is to interrupt the JAK inhibitor.
const INTERRUPT: [LabRule; 5] = [
    LabRule::HbLow,
    LabRule::LymphocytesLow,
    LabRule::NeutrophilsLow,
    LabRule::LeukocytesLow,
    LabRule::PlateletsLow,
];

/// Adds the adverse events and lab flags of one stored patient.
pub fn add(r: &mut Report, w: &Written) {
    for (row, ..) in &w.episodes {
        let Some(jak) = Drug::parse(&row.drug).map(Drug::is_jak_inhibitor) else {
            continue;
        };
        let drug = row.drug.clone();
        let events: Vec<_> = w
            .adverse_events
            .iter()
            .filter(|a| a.episode_id.as_deref() == Some(row.id.as_str()))
            .collect();
        let has = |category: AesiCategory, within_days: i64| {
            events.iter().any(|a| {
                (a.onset_date - row.start_date).num_days() <= within_days
                    && a.categories().is_ok_and(|c| c.contains(&category))
            })
        };
        for category in [
            AesiCategory::Conjunctivitis,
            AesiCategory::Acne,
            AesiCategory::HerpesZoster,
        ] {
            let any = has(category, i64::MAX);
            r.ae_episodes
                .entry((drug.clone(), category.code().to_owned()))
                .or_default()
                .add(any);
        }
        for a in &events {
            let mut keys = vec![format!("{drug} | all")];
            if a.serious {
                keys.push(format!("{drug} | serious"));
            }
            for c in a.categories().unwrap_or_default() {
                keys.push(format!("{drug} | {}", c.code()));
            }
            if a.flags != "[]" {
                keys.push(format!("{drug} | flagged: herpes without interruption"));
            }
            for k in keys {
                *r.ae_events.entry(k).or_default() += 1;
            }
        }
        if jak {
            let breach = w.labs.iter().any(|l| {
                l.sample_date >= row.start_date
                    && row.stop_date.is_none_or(|s| l.sample_date <= s)
                    && l.flags()
                        .is_ok_and(|f| f.iter().any(|f| INTERRUPT.contains(&f.rule)))
            });
            r.interrupt_breaches.add(breach);
        }
    }
    for lab in &w.labs {
        let flags = lab.flags().unwrap_or_default();
        *r.lab_flags.entry("results".into()).or_default() += 1;
        if !flags.is_empty() {
            *r.lab_flags.entry("results flagged".into()).or_default() += 1;
        }
        for f in flags {
            *r.lab_flags.entry(f.rule.code().to_owned()).or_default() += 1;
        }
    }
}
