//! The one table of every released column: for each table of a release, each column with its
//! type, unit, meaning and privacy class (CLINICAL.md §7). The codebook is written from it, the
//! frames are checked against it before anything is written (a column without an entry stops
//! the release), and `docs/release-format.md` documents exactly these columns (a test compares).

use registry_core::anonymise::ColumnClass::{self, Clinical, Internal, Pseudonym, QuasiIdentifier};

/// The type of a released column, as the codebook names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (UTF-8).
    Text,
    /// A whole number (64-bit).
    Integer,
    /// A number (64-bit floating point).
    Number,
    /// true / false.
    Boolean,
}

impl Kind {
    /// The name in the codebook.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
        }
    }
}

/// One released column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Column name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Its unit (empty when none).
    pub unit: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// Its privacy class.
    pub class: ColumnClass,
}

/// One released table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSpec {
    /// File name without extension.
    pub name: &'static str,
    /// What one row is.
    pub one_row_per: &'static str,
    /// Its columns, in file order.
    pub columns: &'static [ColumnSpec],
}

const fn c(
    name: &'static str,
    kind: Kind,
    unit: &'static str,
    meaning: &'static str,
    class: ColumnClass,
) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        unit,
        meaning,
        class,
    }
}

use Kind::{Boolean, Integer, Number, Text};

const PSEUDONYM: ColumnSpec = c(
    "pseudonym",
    Text,
    "",
    "The patient's pseudonym in this release: HMAC-SHA-256 of the internal patient id under the release's own key (links rows within this release only)",
    Pseudonym,
);
const EPISODE: ColumnSpec = c(
    "episode",
    Integer,
    "",
    "The treatment episode within the patient, numbered 1, 2, … in start order (links to episodes.episode)",
    Clinical,
);

/// Every table of a release, in the order they are written.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "patients",
        one_row_per: "patient",
        columns: &[
            PSEUDONYM,
            c(
                "sex",
                Text,
                "",
                "Sex code as recorded (female, male, …)",
                QuasiIdentifier,
            ),
            c(
                "age_band",
                Text,
                "years",
                "Age at the start of the first episode in 5-year bands (30-34), 90 and over as 90+; empty without an episode",
                QuasiIdentifier,
            ),
            c(
                "diagnosis",
                Text,
                "",
                "AA (alopecia areata) or AD (atopic dermatitis)",
                QuasiIdentifier,
            ),
            c(
                "aa_subtype",
                Text,
                "",
                "AA subtype code (AA patients)",
                QuasiIdentifier,
            ),
            c(
                "center_group",
                Text,
                "",
                "The patient's center as a code of this release only (C01, C02, …); not the center's registry code",
                QuasiIdentifier,
            ),
        ],
    },
    TableSpec {
        name: "episodes",
        one_row_per: "treatment episode",
        columns: &[
            PSEUDONYM,
            EPISODE,
            c(
                "drug",
                Text,
                "",
                "Drug code (dupilumab, baricitinib, …)",
                QuasiIdentifier,
            ),
            c(
                "drug_class",
                Text,
                "",
                "Pharmacological class (anti_il4ra, jak1, …)",
                Clinical,
            ),
            c("indication", Text, "", "AA or AD", Clinical),
            c(
                "episode_number",
                Integer,
                "",
                "1 for the patient's first episode of this drug, 2 and up for re-treatments",
                Clinical,
            ),
            c(
                "start_year",
                Integer,
                "year",
                "Calendar year of the episode start (the only calendar information in a release)",
                QuasiIdentifier,
            ),
            c(
                "stop_day",
                Integer,
                "study day",
                "Last day on the drug, in study days since the start (day 0); empty while on treatment at the data cut",
                Clinical,
            ),
            c(
                "stop_reason",
                Text,
                "",
                "Why the drug was stopped (primary_inefficacy, adverse_event, …); empty while on treatment",
                Clinical,
            ),
            c(
                "previous_drug",
                Text,
                "",
                "Drug of the patient's previous episode; empty for the first",
                Clinical,
            ),
            c(
                "follow_up_day",
                Integer,
                "study day",
                "Study day follow-up on treatment ends: the stop, or the data cut when still on treatment",
                Clinical,
            ),
            c(
                "cut_day",
                Integer,
                "study day",
                "Study day of the data cut",
                Clinical,
            ),
            c(
                "taper_day",
                Integer,
                "study day",
                "Study day of the first tapering dose change; empty without one",
                Clinical,
            ),
            c(
                "baseline_salt",
                Number,
                "%",
                "Baseline SALT (0-100): latest assessment in day -30…0, else earliest in day 1…7, from any visit of the patient",
                Clinical,
            ),
            c(
                "baseline_salt_day",
                Integer,
                "study day",
                "Study day of the baseline SALT (may be before the episode)",
                Clinical,
            ),
            c(
                "baseline_easi",
                Number,
                "points",
                "Baseline EASI (0-72), chosen as the baseline SALT",
                Clinical,
            ),
            c(
                "baseline_easi_day",
                Integer,
                "study day",
                "Study day of the baseline EASI",
                Clinical,
            ),
            c(
                "baseline_pp_nrs",
                Integer,
                "points",
                "Baseline peak pruritus NRS (0-10)",
                Clinical,
            ),
            c(
                "baseline_pp_nrs_day",
                Integer,
                "study day",
                "Study day of the baseline PP-NRS",
                Clinical,
            ),
            c(
                "baseline_viga",
                Integer,
                "grade",
                "Baseline vIGA-AD (0-4)",
                Clinical,
            ),
            c(
                "baseline_viga_day",
                Integer,
                "study day",
                "Study day of the baseline vIGA-AD",
                Clinical,
            ),
            c(
                "baseline_eyebrows",
                Integer,
                "score",
                "Baseline eyebrow score (0 full - 3 none)",
                Clinical,
            ),
            c(
                "baseline_eyebrows_day",
                Integer,
                "study day",
                "Study day of the baseline eyebrow score",
                Clinical,
            ),
            c(
                "baseline_eyelashes",
                Integer,
                "score",
                "Baseline eyelash score (0 full - 3 none)",
                Clinical,
            ),
            c(
                "baseline_eyelashes_day",
                Integer,
                "study day",
                "Study day of the baseline eyelash score",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "visits",
        one_row_per: "visit, under the episode it belongs to",
        columns: &[
            PSEUDONYM,
            EPISODE,
            c(
                "study_day",
                Integer,
                "study day",
                "Days since the episode start (day 0); 0 and below are candidate baselines, 1 and up on treatment",
                Clinical,
            ),
            c(
                "nominal_week",
                Integer,
                "week",
                "Nominal window the day falls in (from day 14); empty before",
                Clinical,
            ),
            c(
                "window_visit",
                Boolean,
                "",
                "This visit represents its window (the on-treatment visit closest to the target day, ties to the earlier)",
                Clinical,
            ),
            c("salt", Number, "%", "SALT total (0-100)", Clinical),
            c("easi", Number, "points", "EASI total (0-72)", Clinical),
            c(
                "pp_nrs",
                Integer,
                "points",
                "Peak pruritus NRS (0-10)",
                Clinical,
            ),
            c("viga", Integer, "grade", "vIGA-AD (0-4)", Clinical),
            c("poem", Integer, "points", "POEM total (0-28)", Clinical),
            c("dlqi", Integer, "points", "DLQI total (0-30)", Clinical),
            c("cdlqi", Integer, "points", "CDLQI total (0-30)", Clinical),
            c("idqol", Integer, "points", "IDQOL total (0-30)", Clinical),
            c(
                "eyebrows",
                Integer,
                "score",
                "Eyebrow score (0 full - 3 none)",
                Clinical,
            ),
            c(
                "eyelashes",
                Integer,
                "score",
                "Eyelash score (0 full - 3 none)",
                Clinical,
            ),
            c(
                "salt_le20",
                Boolean,
                "",
                "SALT ≤ 20 (on treatment; empty when not evaluable)",
                Clinical,
            ),
            c("salt_le10", Boolean, "", "SALT ≤ 10", Clinical),
            c(
                "salt50",
                Boolean,
                "",
                "SALT improved ≥ 50 % from baseline",
                Clinical,
            ),
            c(
                "salt75",
                Boolean,
                "",
                "SALT improved ≥ 75 % from baseline",
                Clinical,
            ),
            c(
                "salt90",
                Boolean,
                "",
                "SALT improved ≥ 90 % from baseline",
                Clinical,
            ),
            c(
                "easi50",
                Boolean,
                "",
                "EASI improved ≥ 50 % from baseline",
                Clinical,
            ),
            c(
                "easi75",
                Boolean,
                "",
                "EASI improved ≥ 75 % from baseline",
                Clinical,
            ),
            c(
                "easi90",
                Boolean,
                "",
                "EASI improved ≥ 90 % from baseline",
                Clinical,
            ),
            c("easi_le7", Boolean, "", "EASI ≤ 7", Clinical),
            c(
                "pp_nrs4",
                Boolean,
                "",
                "PP-NRS ≥ 4 points better than a baseline of at least 4",
                Clinical,
            ),
            c(
                "viga_0_1",
                Boolean,
                "",
                "vIGA-AD 0 or 1 with ≥ 2 grades improvement",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "labs",
        one_row_per: "lab result",
        columns: &[
            PSEUDONYM,
            EPISODE,
            c(
                "study_day",
                Integer,
                "study day",
                "Sample day, in study days of the episode",
                Clinical,
            ),
            c("analyte", Text, "", "Analyte code (hb, alat, …)", Clinical),
            c(
                "value",
                Number,
                "",
                "Value in the canonical unit; empty for qualitative tests",
                Clinical,
            ),
            c(
                "result",
                Text,
                "",
                "Qualitative result (positive, negative); empty for quantitative tests",
                Clinical,
            ),
            c("unit", Text, "", "The canonical unit of value", Clinical),
            c(
                "flags",
                Text,
                "",
                "Safety rules the result broke (rule codes separated by ;); empty for none",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "adverse_events",
        one_row_per: "adverse event (never the verbatim term)",
        columns: &[
            PSEUDONYM,
            EPISODE,
            c(
                "onset_day",
                Integer,
                "study day",
                "Onset, in study days of the episode",
                Clinical,
            ),
            c(
                "end_day",
                Integer,
                "study day",
                "End, in study days of the episode; empty while ongoing",
                Clinical,
            ),
            c(
                "meddra_code",
                Text,
                "",
                "MedDRA code (8 digits) where the center codes with MedDRA",
                Clinical,
            ),
            c(
                "category",
                Text,
                "",
                "Categories of special interest (codes separated by ;)",
                Clinical,
            ),
            c("grade", Integer, "CTCAE grade", "CTCAE grade 1-5", Clinical),
            c(
                "serious",
                Boolean,
                "",
                "Meets an ICH E2A seriousness criterion",
                Clinical,
            ),
            c(
                "related",
                Text,
                "",
                "WHO-UMC causality (certain, probable, possible, unlikely, …)",
                Clinical,
            ),
            c(
                "action",
                Text,
                "",
                "Action with the drug (none, interrupted, dose_reduced, withdrawn, …)",
                Clinical,
            ),
            c("outcome", Text, "", "Outcome code", Clinical),
        ],
    },
    TableSpec {
        name: "curves",
        one_row_per: "step of an estimate (drug × outcome × method)",
        columns: &[
            c(
                "outcome",
                Text,
                "",
                "Outcome (salt_le20, easi75, …); every number of this table is computed from exactly the released episodes",
                Clinical,
            ),
            c("drug", Text, "", "Drug code", Clinical),
            c(
                "method",
                Text,
                "",
                "km: Kaplan-Meier 1 - S(t), discontinuation censored; aj: Aalen-Johansen cumulative incidence of the response; aj_discontinuation: of discontinuation before a response",
                Clinical,
            ),
            c(
                "day",
                Integer,
                "study day",
                "Study day of the step",
                Clinical,
            ),
            c(
                "at_risk",
                Integer,
                "episodes",
                "Episodes at risk just before the day (a curve ends where fewer than 5 remain)",
                Clinical,
            ),
            c(
                "events",
                Integer,
                "episodes",
                "Events up to and including the day; empty while 1-4",
                Clinical,
            ),
            c(
                "estimate",
                Number,
                "proportion",
                "The estimate (0-1)",
                Clinical,
            ),
            c(
                "ci_low",
                Number,
                "proportion",
                "Lower 95 % limit (Greenwood, Kaplan-Meier only)",
                Clinical,
            ),
            c(
                "ci_high",
                Number,
                "proportion",
                "Upper 95 % limit (Greenwood, Kaplan-Meier only)",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "window_proportions",
        one_row_per: "drug × outcome × nominal week × method",
        columns: &[
            c(
                "outcome",
                Text,
                "",
                "Outcome code; every number of this table is computed from exactly the released episodes",
                Clinical,
            ),
            c("drug", Text, "", "Drug code", Clinical),
            c("nominal_week", Integer, "week", "Nominal window", Clinical),
            c(
                "method",
                Text,
                "",
                "oc: observed cases; nri: non-responder imputation; locf: last observation carried forward",
                Clinical,
            ),
            c(
                "n",
                Integer,
                "episodes",
                "Episodes in the denominator; empty while 1-4",
                Clinical,
            ),
            c(
                "responders",
                Integer,
                "episodes",
                "Responders; empty while 1-4",
                Clinical,
            ),
            c(
                "proportion",
                Number,
                "proportion",
                "responders / n; empty when either is hidden",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "late_responders",
        one_row_per: "episode × outcome",
        columns: &[
            PSEUDONYM,
            EPISODE,
            c("outcome", Text, "", "Outcome code", Clinical),
            c(
                "cutoff_weeks",
                Integer,
                "week",
                "Response after this week is late",
                Clinical,
            ),
            c(
                "class",
                Text,
                "",
                "early, late, very_late, non_responder or not_evaluable (CLINICAL.md §6; AA: SALT ≤ 20 with cut-offs 24 and 36 weeks, AD: EASI-75 with cut-off 16 weeks, horizon week 52)",
                Clinical,
            ),
            c(
                "reason",
                Text,
                "",
                "Why not evaluable: stopped_<reason>, follow_up_ended or no_baseline",
                Clinical,
            ),
            c(
                "first_response_day",
                Integer,
                "study day",
                "First on-treatment day the outcome was met",
                Clinical,
            ),
            c(
                "first_partial_day",
                Integer,
                "study day",
                "First on-treatment day of a partial response",
                Clinical,
            ),
            c(
                "sustained",
                Boolean,
                "",
                "The response was kept at every later assessment",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "episode_outcomes",
        one_row_per: "AA episode with a baseline SALT",
        columns: &[
            PSEUDONYM,
            EPISODE,
            c(
                "trajectory",
                Text,
                "",
                "Trajectory class over W24, M12 and M24 (early, middle, late, partial, relapser, non_responder)",
                Clinical,
            ),
            c(
                "best_salt",
                Number,
                "%",
                "Lowest on-treatment SALT",
                Clinical,
            ),
            c(
                "loss_of_response_day",
                Integer,
                "study day",
                "First loss of response",
                Clinical,
            ),
            c(
                "tapering_candidate",
                Boolean,
                "",
                "SALT ≤ 20 at every visit of the last 26 weeks on treatment",
                Clinical,
            ),
            c(
                "taper_day",
                Integer,
                "study day",
                "First tapering dose change",
                Clinical,
            ),
            c(
                "relapse_after_taper_day",
                Integer,
                "study day",
                "Loss of response after the taper",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "retreatment",
        one_row_per: "drug × group of re-treatment episodes",
        columns: &[
            c(
                "drug",
                Text,
                "",
                "Drug code; every number of this table is computed from exactly the released episodes",
                Clinical,
            ),
            c(
                "group",
                Text,
                "",
                "after_response or after_no_response (of the previous episode of the drug)",
                Clinical,
            ),
            c(
                "n",
                Integer,
                "episodes",
                "Episodes; empty while 1-4",
                Clinical,
            ),
            c(
                "responded",
                Integer,
                "episodes",
                "Of which reached the primary outcome; empty while 1-4",
                Clinical,
            ),
            c(
                "proportion",
                Number,
                "proportion",
                "responded / n",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "switches",
        one_row_per: "drug × kind of switch",
        columns: &[
            c(
                "drug",
                Text,
                "",
                "Drug switched to; every number of this table is computed from exactly the released episodes",
                Clinical,
            ),
            c(
                "group",
                Text,
                "",
                "jak_to_jak, biologic_to_jak or other",
                Clinical,
            ),
            c(
                "n",
                Integer,
                "episodes",
                "Episodes; empty while 1-4",
                Clinical,
            ),
            c(
                "responded",
                Integer,
                "episodes",
                "Of which reached the primary outcome; empty while 1-4",
                Clinical,
            ),
            c(
                "proportion",
                Number,
                "proportion",
                "responded / n",
                Clinical,
            ),
        ],
    },
    TableSpec {
        name: "drug_survival",
        one_row_per: "step of a drug-survival estimate (drug × reason)",
        columns: &[
            c(
                "drug",
                Text,
                "",
                "Drug code; every number of this table is computed from exactly the released episodes",
                Clinical,
            ),
            c(
                "reason",
                Text,
                "",
                "Stops counted as events (any, inefficacy, adverse_event, …)",
                Clinical,
            ),
            c(
                "day",
                Integer,
                "study day",
                "Study day of the step",
                Clinical,
            ),
            c(
                "at_risk",
                Integer,
                "episodes",
                "Episodes at risk just before the day (ends where fewer than 5 remain)",
                Clinical,
            ),
            c(
                "events",
                Integer,
                "episodes",
                "Stops up to and including the day; empty while 1-4",
                Clinical,
            ),
            c(
                "estimate",
                Number,
                "proportion",
                "Kaplan-Meier probability of still being on the drug",
                Clinical,
            ),
            c(
                "ci_low",
                Number,
                "proportion",
                "Lower 95 % limit (Greenwood)",
                Clinical,
            ),
            c(
                "ci_high",
                Number,
                "proportion",
                "Upper 95 % limit (Greenwood)",
                Clinical,
            ),
        ],
    },
];

/// The codebook's own columns (it describes itself too, so every file's columns are listed).
pub const CODEBOOK: TableSpec = TableSpec {
    name: "codebook",
    one_row_per: "released column",
    columns: &[
        c(
            "table",
            Text,
            "",
            "Table (file name without extension)",
            Internal,
        ),
        c("column", Text, "", "Column name", Internal),
        c(
            "type",
            Text,
            "",
            "string, integer, number or boolean",
            Internal,
        ),
        c("unit", Text, "", "Unit, where the column has one", Internal),
        c("meaning", Text, "", "What the column holds", Internal),
        c(
            "class",
            Text,
            "",
            "Privacy class: pseudonym, quasi_identifier, clinical or internal (CLINICAL.md §7)",
            Internal,
        ),
    ],
};

/// The spec of table `name`.
pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

/// The codebook class name of `class`.
pub fn class_name(class: ColumnClass) -> &'static str {
    match class {
        Pseudonym => "pseudonym",
        QuasiIdentifier => "quasi_identifier",
        Clinical => "clinical",
        Internal => "internal",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn names_are_unique_and_every_column_says_what_it_is() {
        let tables: BTreeSet<&str> = TABLES.iter().map(|t| t.name).collect();
        assert_eq!(tables.len(), TABLES.len());
        for t in TABLES.iter().chain([&CODEBOOK]) {
            let columns: BTreeSet<&str> = t.columns.iter().map(|c| c.name).collect();
            assert_eq!(columns.len(), t.columns.len(), "{}", t.name);
            for c in t.columns {
                assert!(!c.meaning.is_empty(), "{}.{}", t.name, c.name);
            }
        }
    }

    #[test]
    fn design_key_columns_are_released() {
        let key = [
            (
                "patients",
                "pseudonym, sex, age_band, diagnosis, aa_subtype, center_group",
            ),
            (
                "episodes",
                "pseudonym, episode, drug, drug_class, indication, episode_number, start_year, stop_day, stop_reason, previous_drug, follow_up_day",
            ),
            (
                "visits",
                "pseudonym, episode, study_day, nominal_week, salt, easi, pp_nrs, viga, poem, dlqi, salt_le20, easi75",
            ),
            (
                "labs",
                "pseudonym, episode, study_day, analyte, value, unit, flags",
            ),
            (
                "adverse_events",
                "pseudonym, episode, onset_day, end_day, meddra_code, category, grade, serious, related, action, outcome",
            ),
            (
                "curves",
                "outcome, drug, method, day, at_risk, events, estimate, ci_low, ci_high",
            ),
            (
                "window_proportions",
                "outcome, drug, nominal_week, method, n, responders, proportion",
            ),
            (
                "late_responders",
                "pseudonym, episode, outcome, cutoff_weeks, class, first_response_day",
            ),
            (
                "drug_survival",
                "drug, reason, day, at_risk, events, estimate, ci_low, ci_high",
            ),
        ];
        for (name, columns) in key {
            let t = table(name).unwrap();
            for column in columns.split(", ") {
                assert!(
                    t.columns.iter().any(|c| c.name == column),
                    "{name}.{column}"
                );
            }
        }
    }
}
