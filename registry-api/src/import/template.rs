//! A template file per kind: the kind's columns in order and one example row. The example rows
//! of the five kinds belong together (one patient, their treatment, a visit, a lab result and an
//! adverse event in that treatment) and import cleanly in the order of `docs/import-format.md`.

use super::Kind;
use super::kinds;

/// The example patient's local reference.
pub const EXAMPLE_PATIENT: &str = "EXAMPLE-1";

/// The example row's cells by column; columns not named are empty.
fn example(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Patients => &[
            ("sex", "female"),
            ("birth_month", "1990-04"),
            ("diagnosis", "AD"),
            ("consent_research", "yes"),
            ("consent_date", "2024-01-10"),
        ],
        Kind::Treatments => &[
            ("drug", "dupilumab"),
            ("indication", "AD"),
            ("start_date", "2024-02-01"),
            ("dose_amount", "300"),
            ("dose_unit", "mg"),
            ("dose_frequency", "every_2_weeks"),
        ],
        Kind::Visits => &[
            ("visit_date", "2024-03-01"),
            ("weight_kg", "68.5"),
            ("easi_total", "12.4"),
            ("pp_nrs", "6"),
            ("viga", "3"),
            ("poem", "14"),
            ("dlqi", "9"),
        ],
        Kind::Labs => &[
            ("sample_date", "2024-03-01"),
            ("analyte", "alat"),
            ("value", "31"),
            ("unit", "U/L"),
            ("upper_limit", "45"),
        ],
        Kind::AdverseEvents => &[
            ("onset_date", "2024-03-10"),
            ("verbatim_term", "Conjunctivitis"),
            ("ctcae_grade", "1"),
            ("serious", "no"),
            ("causality", "possible"),
            ("action", "none"),
            ("outcome", "recovering"),
            ("drug", "dupilumab"),
        ],
    }
}

/// The template of `kind` for the center `center_code`: the header line and one example row,
/// comma-separated, lines ending in `\r\n` (as spreadsheets write them).
pub fn csv(kind: Kind, center_code: &str) -> String {
    let columns = kinds::columns(kind).standard;
    let cells: Vec<&str> = columns
        .iter()
        .map(|c| match *c {
            "center" => center_code,
            "patient" => EXAMPLE_PATIENT,
            c => example(kind)
                .iter()
                .find(|(name, _)| *name == c)
                .map_or("", |(_, v)| v),
        })
        .collect();
    format!("{}\r\n{}\r\n", columns.join(","), cells.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_cell_has_a_column() {
        for kind in Kind::ALL {
            let columns = kinds::columns(kind).standard;
            for (c, _) in example(kind) {
                assert!(columns.contains(c), "{kind:?}: {c}");
            }
            let text = csv(kind, "AAA");
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2);
            assert_eq!(lines[0].split(',').count(), lines[1].split(',').count());
        }
    }
}
