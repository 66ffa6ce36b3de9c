//! The kinds of adverse event on each drug and their frequencies (see [`super::adverse`] for the
//! sources): per kind the chance of a first event within the first year, how early in the year
//! it tends to come, its grade, seriousness, duration and what is done with the drug.

use registry_core::catalogue::Drug;

/// One kind of event on one drug.
#[derive(Debug, Clone, Copy)]
pub(super) struct Kind {
    /// Verbatim term.
    pub(super) term: &'static str,
    /// Chance of a first event within the first year on the drug.
    pub(super) first_year: f64,
    /// Events per year after the first year.
    pub(super) later: f64,
    /// Skew of the first event towards the start of the year (1 = uniform).
    pub(super) front: f64,
    /// CTCAE grades, lowest and highest.
    pub(super) grade: (i64, i64),
    /// The ICH E2A criterion of a serious kind.
    pub(super) serious: Option<&'static str>,
    /// Duration in days, shortest and longest.
    pub(super) days: (i64, i64),
    /// Weights of no action, interruption and withdrawal.
    pub(super) actions: [f64; 3],
    /// Rate rises with age (cubic around 50 years).
    pub(super) aged: bool,
}

const fn kind(term: &'static str, first_year: f64, front: f64, actions: [f64; 3]) -> Kind {
    Kind {
        term,
        first_year,
        later: first_year * 0.5,
        front,
        grade: (1, 2),
        serious: None,
        days: (5, 30),
        actions,
        aged: false,
    }
}

const fn serious(
    term: &'static str,
    rate: f64,
    criterion: &'static str,
    actions: [f64; 3],
) -> Kind {
    Kind {
        term,
        first_year: rate,
        later: rate,
        front: 1.0,
        grade: (3, 3),
        serious: Some(criterion),
        days: (10, 60),
        actions,
        aged: true,
    }
}

const NONE: [f64; 3] = [1.0, 0.0, 0.0];

/// The kinds of event on `drug`; `actions` weigh none, interrupted, withdrawn.
pub(super) fn kinds(drug: Drug) -> Vec<Kind> {
    let jak = |zoster: f64, simplex: f64, acne: f64, nausea: f64| {
        vec![
            kind(
                "upper respiratory tract infection",
                0.22,
                1.0,
                [0.95, 0.05, 0.0],
            ),
            kind("herpes zoster", zoster, 1.0, [0.1, 0.88, 0.02]),
            kind("herpes simplex", simplex, 1.0, [0.15, 0.85, 0.0]),
            kind("acne", acne, 1.8, [0.96, 0.0, 0.04]),
            kind("headache", 0.08, 1.5, NONE),
            kind("nausea", nausea, 2.0, [0.95, 0.0, 0.05]),
            serious(
                "pneumonia requiring admission",
                0.015,
                "hospitalisation",
                [0.1, 0.7, 0.2],
            ),
            serious(
                "deep vein thrombosis",
                0.003,
                "important_medical_event",
                [0.1, 0.0, 0.9],
            ),
            serious(
                "myocardial infarction",
                0.002,
                "hospitalisation",
                [0.1, 0.0, 0.9],
            ),
            serious(
                "basal cell carcinoma",
                0.003,
                "important_medical_event",
                [0.7, 0.0, 0.3],
            ),
            serious(
                "breast cancer",
                0.002,
                "important_medical_event",
                [0.1, 0.0, 0.9],
            ),
        ]
    };
    let biologic = |conjunctivitis: f64| {
        vec![
            kind("conjunctivitis", conjunctivitis, 2.0, [0.92, 0.0, 0.08]),
            kind("injection site reaction", 0.08, 2.5, [0.98, 0.0, 0.02]),
            kind("facial erythema", 0.04, 1.5, [0.95, 0.0, 0.05]),
            kind("eczema herpeticum", 0.015, 1.0, [0.5, 0.5, 0.0]),
            kind("upper respiratory tract infection", 0.12, 1.0, NONE),
            serious(
                "pneumonia requiring admission",
                0.005,
                "hospitalisation",
                [0.4, 0.5, 0.1],
            ),
        ]
    };
    match drug {
        Drug::Dupilumab => biologic(0.36),
        Drug::Tralokinumab | Drug::Lebrikizumab => biologic(0.10),
        Drug::Upadacitinib => jak(0.035, 0.08, 0.18, 0.03),
        Drug::Abrocitinib => jak(0.025, 0.05, 0.06, 0.12),
        Drug::Baricitinib => jak(0.02, 0.05, 0.05, 0.03),
        Drug::Ritlecitinib => jak(0.015, 0.04, 0.06, 0.03),
        Drug::Ciclosporin => vec![
            kind("hypertension", 0.15, 1.5, [0.7, 0.0, 0.3]),
            kind("nausea", 0.08, 2.0, NONE),
            kind("hypertrichosis", 0.08, 1.0, NONE),
            kind("tremor", 0.05, 1.5, [0.9, 0.0, 0.1]),
        ],
        Drug::Methotrexate => vec![
            kind("nausea", 0.25, 2.0, [0.85, 0.0, 0.15]),
            kind("fatigue", 0.10, 1.5, [0.95, 0.0, 0.05]),
            kind("stomatitis", 0.05, 1.0, [0.8, 0.2, 0.0]),
            kind("elevated liver enzymes", 0.06, 1.0, [0.6, 0.3, 0.1]),
        ],
        Drug::Prednisone | Drug::Prednisolone => vec![
            kind("weight gain", 0.3, 1.0, NONE),
            kind("insomnia", 0.15, 2.0, NONE),
            kind("mood changes", 0.10, 2.0, [0.9, 0.0, 0.1]),
            kind("hyperglycaemia", 0.03, 1.0, NONE),
        ],
    }
}
